"""Little-endian classic TIFF/GeoTIFF files built with struct: valid small scenes and the hostile ones.

Only the standard library. A file is header (8 bytes) | image data | IFD | out-of-line tag values.
"""
import struct
import zlib
from array import array

BYTE, ASCII, SHORT, LONG, DOUBLE = 1, 2, 3, 4, 12
_FMT = {BYTE: ('B', 1), ASCII: ('s', 1), SHORT: ('H', 2), LONG: ('I', 4), DOUBLE: ('d', 8)}

# Zijinshan sample extent (EPSG:32650): x 437520..443320, y 2783020..2788440
ZIJIN_ORIGIN = (437520.0, 2788440.0)
ZIJIN_SIZE_M = (5800.0, 5420.0)


def _pack(typ, values):
    if typ == ASCII:
        b = values.encode('ascii') + b'\0'
        return b, len(b)
    f, _ = _FMT[typ]
    return struct.pack('<%d%s' % (len(values), f), *values), len(values)


def build(entries, data=b'', ifd_self_loop=False):
    """entries: [(tag, type, values)], values a list (or a str for ASCII). data goes at byte 8."""
    entries = sorted(entries, key=lambda e: e[0])
    ifd_off = 8 + len(data)
    ifd_off += ifd_off % 2
    ifd_len = 2 + 12 * len(entries) + 4
    extra = bytearray()
    out_entries = bytearray()
    for tag, typ, values in entries:
        payload, count = _pack(typ, values)
        if len(payload) <= 4:
            field = payload.ljust(4, b'\0')
        else:
            off = ifd_off + ifd_len + len(extra)
            extra += payload
            if len(extra) % 2:
                extra += b'\0'
            field = struct.pack('<I', off)
        out_entries += struct.pack('<HHI', tag, typ, count) + field
    nxt = ifd_off if ifd_self_loop else 0
    head = b'II' + struct.pack('<HI', 42, ifd_off)
    body = head + data
    body += b'\0' * (ifd_off - len(body))
    return bytes(body + struct.pack('<H', len(entries)) + out_entries + struct.pack('<I', nxt) + extra)


def geo_tags(pixel=(10.0, 10.0), origin=ZIJIN_ORIGIN, epsg=32650):
    return [
        (33550, DOUBLE, [pixel[0], pixel[1], 0.0]),
        (33922, DOUBLE, [0.0, 0.0, 0.0, origin[0], origin[1], 0.0]),
        (34735, SHORT, [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsg]),
    ]


def image_tags(width, height, spp=2, bits=16, sample_format=1, compression=1):
    t = [
        (256, LONG, [width]), (257, LONG, [height]), (258, SHORT, [bits] * spp), (259, SHORT, [compression]),
        (262, SHORT, [1]), (277, SHORT, [spp]), (284, SHORT, [1]), (339, SHORT, [sample_format] * spp),
    ]
    if spp > 1:
        t.append((338, SHORT, [0] * (spp - 1)))
    return t


_BASE = {}


def scene_pixels(width, height, seed):
    """Two interleaved uint16 bands (red, nir) whose NDVI varies over the image; the seed sets the red DNs of the
    first two pixels, so that different seeds give different files (and scene ids)."""
    if (width, height) not in _BASE:
        a = array('H')
        for y in range(height):
            for x in range(width):
                a.append(400 + (x * 7 + y * 3) % 400)      # red 0.04..0.08
                a.append(2400 + (x + y) % 1600)            # nir 0.24..0.40
        _BASE[(width, height)] = a
    a = array('H', _BASE[(width, height)])
    a[0] = 400 + seed % 400
    if len(a) > 2:
        a[2] = 400 + (seed // 400) % 400
    return a.tobytes()  # little-endian on x86/arm64 hosts


def scene(width=290, height=271, seed=0, pixel=None, origin=ZIJIN_ORIGIN, epsg=32650, nodata_tag=None,
          extra_tags=(), ifd_self_loop=False, truncate_data=False):
    """A valid uncompressed 2-band (red, nir) uint16 strip GeoTIFF; by default the Zijinshan extent at 20 m."""
    if pixel is None:
        pixel = (ZIJIN_SIZE_M[0] / width, ZIJIN_SIZE_M[1] / height)
    data = scene_pixels(width, height, seed)
    row = width * 4
    rows_per_strip = max(1, 65536 // row)
    offsets, counts = [], []
    for y0 in range(0, height, rows_per_strip):
        n = min(rows_per_strip, height - y0)
        offsets.append(8 + y0 * row)
        counts.append(n * row)
    if truncate_data:  # the tags still declare every strip; the second half of them lies past the end of the file
        data = data[:len(data) // 2]
    tags = image_tags(width, height) + geo_tags(pixel, origin, epsg) + [
        (273, LONG, offsets), (278, LONG, [rows_per_strip]), (279, LONG, counts)] + list(extra_tags)
    if nodata_tag is not None:
        tags.append((42113, ASCII, nodata_tag))
    return build(tags, data, ifd_self_loop)


def hostile():
    """[(kind, description, tiff bytes, extra query fields)]: each must be refused with a 4xx, quickly."""
    out = []
    out.append(('ifd-loop', 'image directory whose next pointer is itself', scene(64, 64, 1, ifd_self_loop=True), {}))
    # 5,000,000 x 1: the header alone; the declared strip lies beyond the end of the file
    w = 5_000_000
    out.append(('5000000x1', '5,000,000 x 1 pixels', build(image_tags(w, 1) + geo_tags() + [
        (273, LONG, [8]), (278, LONG, [1]), (279, LONG, [w * 4])], b'\0' * 64), {}))
    w = 1_000_000
    out.append(('1000000x1', '1,000,000 x 1 pixels (data present, 4 MB)', build(image_tags(w, 1) + geo_tags() + [
        (273, LONG, [8]), (278, LONG, [1]), (279, LONG, [w * 4])], b'\x01' * (w * 4)), {}))
    # 512 x 512 in 256 x 256 tiles whose TileByteCounts are all 0
    out.append(('zero-tile-counts', 'all TileByteCounts = 0', build(image_tags(512, 512) + geo_tags() + [
        (322, SHORT, [256]), (323, SHORT, [256]), (324, LONG, [8] * 4), (325, LONG, [0] * 4)], b'\0' * 16), {}))
    # complex integer samples (SampleFormat 5 = CInt, 32 bits = 2 x 16)
    n = 64 * 64 * 2 * 4
    out.append(('complex-cint16', 'SampleFormat 5 (CInt16)', build(
        image_tags(64, 64, bits=32, sample_format=5) + geo_tags() + [
            (273, LONG, [8]), (278, LONG, [64]), (279, LONG, [n])], b'\x01' * n), {}))
    out.append(('nodata-tag-1e11', 'GDAL_NODATA = 1e11 on uint16 bands', scene(64, 64, 2, nodata_tag='1e11'), {}))
    out.append(('nodata-field-1e11', 'generic sensor field nodata=1e11', scene(64, 64, 3), {'nodata': '100000000000'}))
    out.append(('pixel-1000km', '1000 km pixels', scene(64, 64, 4, pixel=(1e6, 1e6)), {}))
    out.append(('pixel-1nm', '1 nm pixels', scene(64, 64, 5, pixel=(1e-9, 1e-9)), {}))
    # DEFLATE bomb: 12000 x 12000 x 2 uint16 (576 MB decoded) from one compressed row shared by every strip
    w = h = 12000
    chunk = zlib.compress(b'\0' * (w * 4), 9)
    out.append(('deflate-bomb', '', build(
        image_tags(w, h, compression=8) + geo_tags() + [
            (273, LONG, [8] * h), (278, LONG, [1]), (279, LONG, [len(chunk)] * h)], chunk), {}))
    kind, _, data, f = out[-1]
    out[-1] = (kind, '12000 x 12000 DEFLATE, %d kB file, 576 MB decoded' % (len(data) // 1024), data, f)
    big_tiles = build(image_tags(32, 32) + geo_tags() + [
        (322, LONG, [65536]), (323, LONG, [65536]), (324, LONG, [8]), (325, LONG, [16])], b'\0' * 16)
    out.append(('huge-tiles', '65536 x 65536 tiles on a 32 x 32 image', big_tiles, {}))
    out.append(('truncated', '128 x 128 whose second half of strips lies past the end of the file',
                scene(128, 128, 6, truncate_data=True), {}))
    return out
