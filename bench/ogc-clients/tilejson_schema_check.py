#!/usr/bin/env python3
"""Validates every TileJSON a running GreenCover serves against the official TileJSON 3.0.0 JSON schema.

The schema is not in this repository (the spec repository carries no licence); take it from the spec itself:
    git clone https://github.com/mapbox/tilejson-spec && cp tilejson-spec/3.0.0/schema.json /tmp/tilejson-3.0.0-schema.json

Usage: tilejson_schema_check.py BASE_URL SCHEMA_JSON      (needs python3-jsonschema; exits 1 on any failure)
It checks, for each layer of /api/v1/layers: the plain TileJSON, one with ?time= a listed date, and one with
?style=, and that a time far from every date is refused with a 4xx. It also checks what the schema cannot say:
the centre lies inside the bounds and its zoom between minzoom and maxzoom.
"""
import json
import sys
import urllib.error
import urllib.request

import jsonschema

base, schema_path = sys.argv[1].rstrip("/"), sys.argv[2]
schema = json.load(open(schema_path))
validator = jsonschema.Draft7Validator(schema)
failures = 0
checked = 0


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def check(url):
    global failures, checked
    status, body = get(url)
    checked += 1
    if status != 200:
        print(f"FAIL {url}: HTTP {status}")
        failures += 1
        return
    doc = json.loads(body)
    errors = [f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in validator.iter_errors(doc)]
    lon, lat, zoom = doc["center"]
    w, s, e, n = doc["bounds"]
    if not (w <= lon <= e and s <= lat <= n):
        errors.append(f"center {lon},{lat} outside bounds {doc['bounds']}")
    if not (doc["minzoom"] <= zoom <= doc["maxzoom"]):
        errors.append(f"center zoom {zoom} outside {doc['minzoom']}..{doc['maxzoom']}")
    if errors:
        failures += 1
        print(f"FAIL {url}")
        for m in errors:
            print(f"     {m}")
    else:
        print(f"ok   {url}")


status, body = get(base + "/api/v1/layers")
layers = json.loads(body)
layers = layers.get("layers", layers) if isinstance(layers, dict) else layers
for layer in layers:
    name = layer["name"]
    url = base + "/tiles/" + urllib.parse.quote(name) + "/tilejson.json"
    check(url)
    _, tj = get(url)
    tj = json.loads(tj)
    if tj.get("dates"):
        check(url + "?time=" + tj["dates"][0])
    if tj.get("styles"):
        check(url + "?style=" + urllib.parse.quote(tj["styles"][-1]["name"]))
    status, _ = get(url + "?time=1900-01-01")
    checked += 1
    if 400 <= status < 500:
        print(f"ok   {url}?time=1900-01-01 -> {status}")
    else:
        failures += 1
        print(f"FAIL {url}?time=1900-01-01 -> {status} (expected a 4xx)")

print(f"{checked} checks, {failures} failures against {schema_path}")
sys.exit(1 if failures else 0)
