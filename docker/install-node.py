#!/usr/bin/env python3
"""Install the official Node.js release binary and npm from the npm registry into /usr/local.

Used by the Dockerfile only when the base image has no Node.js >= NODE_MAJOR (for example plain
Debian, whose nodejs is too old for Claude Code). The npm registry is the one source that
proxied and corporate networks reliably allow; `node-linux-<arch>` holds the official release
binary. Every download is checked against the sha512 integrity the registry publishes, as npm
does. Data only as arguments: install-node.py NODE_VERSION NPM_VERSION
"""
import base64
import hashlib
import io
import json
import os
import platform
import re
import sys
import tarfile
import urllib.request

PREFIX = "/usr/local"
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org").rstrip("/")
ARCHES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}
VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")


def fail(msg):
    print("install-node: " + msg, file=sys.stderr)
    sys.exit(1)


def fetch(url):
    with urllib.request.urlopen(url, timeout=300) as resp:
        return resp.read()


def package(name, version):
    """The package tarball, verified against the registry's sha512 integrity."""
    meta = json.loads(fetch(f"{REGISTRY}/{name}/{version}"))
    dist = meta.get("dist") or {}
    algo, _, digest = str(dist.get("integrity", "")).partition("-")
    if algo != "sha512":
        fail(f"{name}@{version}: the registry gave no sha512 integrity")
    data = fetch(dist["tarball"])
    if base64.b64encode(hashlib.sha512(data).digest()).decode() != digest:
        fail(f"{name}@{version}: the download does not match its sha512 integrity")
    return data


def extract(data, dest, keep):
    """Extract `package/<path>` members whose first path part is in `keep` (None = all)."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for m in tar.getmembers():
            parts = m.name.split("/")
            if parts[0] != "package" or len(parts) < 2 or ".." in parts or m.name.startswith("/"):
                continue
            if keep is not None and parts[1] not in keep:
                continue
            if m.issym() or m.islnk():
                if m.linkname.startswith("/") or ".." in m.linkname.split("/")[:-1]:
                    continue
            elif not (m.isfile() or m.isdir()):
                continue
            m.name = "/".join(parts[1:])
            m.uid = m.gid = 0
            m.uname = m.gname = "root"
            tar.extract(m, dest, set_attrs=True)


def main():
    if len(sys.argv) != 3 or not all(VERSION.match(v) for v in sys.argv[1:]):
        fail("usage: install-node.py NODE_VERSION NPM_VERSION (exact x.y.z versions)")
    node_version, npm_version = sys.argv[1], sys.argv[2]
    arch = ARCHES.get(platform.machine())
    if arch is None:
        fail(f"no Node.js binary package for machine type {platform.machine()}")
    print(f"install-node: node-linux-{arch}@{node_version}, npm@{npm_version}")
    extract(package(f"node-linux-{arch}", node_version), PREFIX, {"bin", "include", "share"})
    npm_dir = os.path.join(PREFIX, "lib", "node_modules", "npm")
    os.makedirs(npm_dir, exist_ok=True)
    extract(package("npm", npm_version), npm_dir, None)
    for cmd, target in (("npm", "npm-cli.js"), ("npx", "npx-cli.js")):
        link = os.path.join(PREFIX, "bin", cmd)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(f"../lib/node_modules/npm/bin/{target}", link)


if __name__ == "__main__":
    main()
