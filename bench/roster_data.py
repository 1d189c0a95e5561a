"""A synthetic national-scale roster for the roster benchmark: ``python bench/roster_data.py OUT.csv [--records N]``.

One row per person and credential, the way an HR system exports it: the person's columns repeat on
each of their rows. People work in all 51 jurisdictions (weighted roughly by where MAs work), hold
one to three credentials (national ones and, in Washington, the state's MA-C), record injection
training hours for some, and perform three to eight tasks. Everything comes from a seeded generator,
so two runs write the same file; the headers are the plain ones an office would use, not our field
names, so the importer's column matching is part of what is measured.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

FIRST = ["Ana", "Maria", "James", "Li", "Fatima", "Jose", "Emily", "Keisha", "Nguyen", "Olga", "Sam", "Priya"]
LAST = ["Ruiz", "Smith", "Okafor", "Chen", "Garcia", "Johnson", "Patel", "Kowalski", "Haddad", "Brown"]
ROLES = ["Medical Assistant", "Clinical MA", "Lead MA", "MA II", "Phlebotomist", "Front desk MA"]
# Where the largest numbers of MAs work get more people; every jurisdiction gets some.
BIG = {"CA": 12, "TX": 8, "FL": 7, "NY": 5, "PA": 4, "IL": 4, "OH": 4, "NC": 3, "GA": 3, "MI": 3, "WA": 3}
STATES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
    "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
]  # fmt: skip
CREDENTIALS = ["CMA", "CMA", "CMA", "RMA", "RMA", "CCMA", "CCMA", "CCMA", "NCMA", "CMAC", "CPT", "RPT", "NCPT",
               "PBT", "CET", "NCET", "CMAA", "COA"]  # fmt: skip
TASKS = ["vital_signs", "medical_history", "injection", "venipuncture", "capillary_puncture", "ekg",
         "point_of_care_test", "medication_administration", "wound_care", "triage", "order_entry",
         "patient_education", "xray", "iv", "scheduling", "ehr"]  # fmt: skip
HEADER = ["Employee ID", "Full Name", "Work State", "Job Title", "Certification", "Cert #", "Date Certified",
          "Last Renewal", "Expiration", "Duties", "Injection Training Hours"]  # fmt: skip


def rows(records: int, seed: int = 2026) -> list[list[str]]:
    """``records`` rows: people with one to three credentials each, until the count is reached."""
    rnd = random.Random(seed)
    weights = [BIG.get(s, 1) for s in STATES]
    out: list[list[str]] = []
    person = 0
    start = date(2008, 1, 1)
    while len(out) < records:
        person += 1
        state = rnd.choices(STATES, weights)[0]
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        role = rnd.choice(ROLES)
        tasks = "; ".join(sorted(rnd.sample(TASKS, rnd.randint(3, 8))))
        hours = str(rnd.choice([0, 4, 8, 12, 16, 20, 40])) if rnd.random() < 0.4 else ""
        held = rnd.sample(CREDENTIALS, rnd.randint(1, 3))
        if state == "WA" and rnd.random() < 0.5:
            held.append("WA:MA-C")
        for cred in dict.fromkeys(held):
            if len(out) == records:
                break
            issued = start + timedelta(days=rnd.randrange(0, 6900))
            renewed = issued + timedelta(days=365 * rnd.randint(1, 5)) if rnd.random() < 0.5 else None
            if renewed and renewed > date(2026, 11, 1):
                renewed = None
            out.append(
                [
                    f"E{person:07d}",
                    name,
                    state,
                    role,
                    cred,
                    f"{cred[:2]}{rnd.randrange(10**6, 10**7)}",
                    f"{issued.month}/{issued.day}/{issued.year}",
                    renewed.isoformat() if renewed else "",
                    "",
                    tasks,
                    hours,
                ]
            )
    return out


def write(path: Path, records: int) -> int:
    """Write the roster; return the number of people in it."""
    data = rows(records)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(data)
    return len({r[0] for r in data})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=1_000_000)
    a = ap.parse_args()
    people = write(a.out, a.records)
    sys.stdout.write(f"{a.records:,} credential records, {people:,} people: {a.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
