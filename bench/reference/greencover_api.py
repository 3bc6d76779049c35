"""The two HTTP calls the reference checks make to a GreenCover server (JSON requests and multipart uploads), shared by
products_check.py and merge_check.py. Standard library only; the statistics they compare against stay in exact_stats.py."""
import json
import os
import urllib.error
import urllib.request
import uuid


def request(base, token, method, path, body=None, ctype=None, timeout=180):
    """(status, parsed JSON body or None) of METHOD base+path, with the bearer token when given."""
    req = urllib.request.Request(base + path, data=body, method=method)
    if ctype:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def multipart(fields, files):
    """(body, content type) of a multipart/form-data upload of the text fields and the GeoTIFF files (name -> path)."""
    b = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (b, k, v)).encode())
    for k, path in files.items():
        with open(path, "rb") as f:
            data = f.read()
        parts.append(('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: image/tiff\r\n\r\n'
                      % (b, k, os.path.basename(path))).encode() + data + b"\r\n")
    parts.append(("--%s--\r\n" % b).encode())
    return b"".join(parts), "multipart/form-data; boundary=" + b
