"""A seeded generator of synthetic national-scale entanglement graphs, written as a data set folder.

The same seed and size always give byte-identical files. The shape follows the Boston data set, scaled to a
country: schools report to their district and (where one exists) to the district's school police; districts
and school police share with nearby city police; police agencies share among themselves under mutual-aid
agreements (which makes cycles), feed their state's fusion centers, gang databases and task forces; fusion
centers share with each other and with ICE; databases and task forces feed ICE. Grants fund police, fusion
centers and task forces (context links, not traversed).

    python -m bench.generate --size 100k --out bench/data/national-100k
    python -m bench.generate --size 1m --out bench/data/national-1m

``--size 1m`` uses the full national counts (about 100k schools, 13k districts, 18k police agencies, 80 fusion
centers) and gives about a million links; ``--size 100k`` divides every count by ten (the degrees stay the
same), which gives about a hundred thousand.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Shape", "SHAPES", "generate", "write", "main"]

ICE_ERO, ICE_HSI, DHS, FBI, COURT = "ice_ero", "ice_hsi", "dhs", "fbi", "immigration_court"
#: Evidence statuses and how often each occurs in the synthetic data.
_STATUS_WEIGHTS = {"documented": 25, "acknowledged": 15, "reported": 25, "alleged": 20, "disputed": 5, "unknown": 10}


@dataclass(frozen=True)
class Shape:
    """How many institutions of each kind; degrees do not depend on the size."""

    states: int
    schools: int
    districts: int
    city_police: int
    school_police: int
    fusion_centers: int
    task_forces: int
    grants: int
    databases: int
    #: more links among police and from districts, under many relation names (see ``_densify``); False leaves
    #: the graph exactly as it was before this option existed
    dense: bool = False


#: ``1m`` is the national shape; ``100k`` divides every count by ten; ``100k-dense`` is ``100k`` with the links
#: of ``_densify`` added, so that a school has hundreds of thousands of routes within six links.
SHAPES: dict[str, Shape] = {
    "1m": Shape(states=50, schools=100_000, districts=13_000, city_police=15_000, school_police=3_000,
                fusion_centers=80, task_forces=400, grants=2_000, databases=120),
    "100k": Shape(states=5, schools=10_000, districts=1_300, city_police=1_500, school_police=300,
                  fusion_centers=8, task_forces=40, grants=200, databases=12),
    "100k-dense": Shape(states=5, schools=10_000, districts=1_300, city_police=1_500, school_police=300,
                        fusion_centers=8, task_forces=40, grants=200, databases=12, dense=True),
}

#: The relation names of the links ``_densify`` adds (with mutual_aid and shares_reports: 22 among police).
DENSE_RELATIONS = ("records_request", "joint_operations", "radio_interop", "shared_rms", "cad_dispatch",
                   "warrant_service", "field_interviews", "booking_records", "alpr_reads", "gang_referrals",
                   "crime_analysis", "bulletin_sharing", "mou_data_sharing", "crash_reports", "body_camera",
                   "evidence_sharing", "task_force_referrals", "social_media_monitoring", "sro_reports",
                   "juvenile_records")


class _Builder:
    """Collects nodes and edges; an edge repeated with the same key is written once."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.nodes: list[tuple[str, str, str]] = []
        self.edges: list[tuple[str, str, str, str, str, str, str, str]] = []
        self._keys: set[tuple[str, str, str]] = set()
        statuses, weights = zip(*_STATUS_WEIGHTS.items(), strict=True)
        # a long table drawn from by index is much faster than rng.choices per edge
        self._statuses = self.rng.choices(statuses, weights, k=4096)

    def node(self, node_id: str, label: str, kind: str) -> str:
        self.nodes.append((node_id, label, kind))
        return node_id

    def edge(self, source: str, target: str, relation: str, dated: float = 0.3) -> None:
        key = (source, target, relation)
        if source == target or key in self._keys:
            return
        self._keys.add(key)
        rng = self.rng
        status = self._statuses[rng.getrandbits(12)]
        start = end = ""
        if rng.random() < dated:
            year = rng.randint(2003, 2021)
            start = str(year) if rng.random() < 0.5 else f"{year}-{rng.randint(1, 12):02d}"
            if rng.random() < 0.3:
                end = f"{rng.randint(year + 1, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        cites = ""
        if rng.random() < 0.4:
            cites = ";".join(f"S{rng.randint(1, 500)}" for _ in range(rng.randint(1, 3)))
        self.edges.append((f"e{len(self.edges) + 1:07d}", source, target, relation, status, start, end, cites))


def _spread(count: int, groups: int) -> list[int]:
    """The group of each of ``count`` items split into ``groups`` contiguous blocks."""
    return [i * groups // count for i in range(count)]


def _near(rng: random.Random, i: int, n_from: int, pool: list[str], k: int, window: int) -> list[str]:
    """``k`` distinct items of ``pool`` near the position of item ``i`` of ``n_from`` (locality by index)."""
    centre = i * len(pool) // n_from
    lo, hi = max(0, centre - window), min(len(pool), centre + window + 1)
    return rng.sample(pool[lo:hi], min(k, hi - lo))


def generate(shape: Shape, seed: int = 2024) -> _Builder:
    """Build the nodes and edges of one synthetic graph (deterministic for a shape and seed)."""
    b = _Builder(seed)
    rng = b.rng
    n_states = shape.states

    ero = b.node(ICE_ERO, "ICE Enforcement and Removal Operations", "immigration_enforcement")
    hsi = b.node(ICE_HSI, "ICE Homeland Security Investigations", "immigration_enforcement")
    dhs = b.node(DHS, "Department of Homeland Security", "federal_agency")
    fbi = b.node(FBI, "Federal Bureau of Investigation", "federal_agency")
    court = b.node(COURT, "Immigration Court", "court")

    fusion = [b.node(f"fc{i:03d}", f"Fusion Center {i} (state {s})", "fusion_center")
              for i, s in enumerate(_spread(shape.fusion_centers, n_states))]
    fusion_of_state: list[list[str]] = [[] for _ in range(n_states)]
    for f, s in zip(fusion, _spread(shape.fusion_centers, n_states), strict=True):
        fusion_of_state[s].append(f)
    databases = [b.node(f"db{i:04d}", f"Gang Database {i}", "database") for i in range(shape.databases)]
    db_of_state: list[list[str]] = [[] for _ in range(n_states)]
    for d, s in zip(databases, _spread(shape.databases, n_states), strict=True):
        db_of_state[s].append(d)
    task_forces = [b.node(f"tf{i:04d}", f"Joint Task Force {i}", "task_force") for i in range(shape.task_forces)]
    tf_of_state: list[list[str]] = [[] for _ in range(n_states)]
    for t, s in zip(task_forces, _spread(shape.task_forces, n_states), strict=True):
        tf_of_state[s].append(t)
    police = [b.node(f"pd{i:05d}", f"City Police Department {i}", "city_police") for i in range(shape.city_police)]
    police_state = _spread(shape.city_police, n_states)
    districts = [b.node(f"sd{i:05d}", f"School District {i}", "school_district") for i in range(shape.districts)]
    # one district in every ~4 runs its own school police
    sp_districts = sorted(rng.sample(range(shape.districts), shape.school_police))
    school_police = {d: b.node(f"sp{j:04d}", f"School Police of District {d}", "school_police")
                     for j, d in enumerate(sp_districts)}
    schools = [b.node(f"s{i:06d}", f"Public School {i}", "school") for i in range(shape.schools)]
    grants = [b.node(f"gr{i:04d}", f"Federal Grant {i}", "federal_grant") for i in range(shape.grants)]

    # schools -> district (several kinds of record), -> the district's school police
    school_district = _spread(shape.schools, shape.districts)
    for school, d in zip(schools, school_district, strict=True):
        district = districts[d]
        b.edge(school, district, "school_records")
        for relation, p in (("enrollment_data", 0.6), ("discipline_records", 0.5), ("attendance_data", 0.6),
                            ("threat_assessments", 0.3), ("special_education_records", 0.4),
                            ("counselor_referrals", 0.3)):
            if rng.random() < p:
                b.edge(school, district, relation)
        b.edge(school, district, "part_of", dated=0.0)  # context
        if d in school_police:
            b.edge(school, school_police[d], "reports_incidents")
            if rng.random() < 0.3:
                b.edge(school, school_police[d], "camera_access")

    # districts and school police -> nearby city police (and a few school police -> the fusion center)
    for d, district in enumerate(districts):
        for pd in _near(rng, d, shape.districts, police, rng.randint(2, 7), 8):
            b.edge(district, pd, "shares_records")
            if rng.random() < 0.5:
                b.edge(district, pd, "sro_agreement")
        sp = school_police.get(d)
        if sp is not None:
            b.edge(district, sp, "shares_records")
            b.edge(sp, district, "part_of", dated=0.0)  # context
            for pd in _near(rng, d, shape.districts, police, rng.randint(2, 4), 4):
                b.edge(sp, pd, "shares_reports")
            if rng.random() < 0.3:
                state = d * n_states // shape.districts
                b.edge(sp, rng.choice(fusion_of_state[state]), "shares_reports")

    # police: mutual aid with neighbours (both ways: cycles), fusion centers, gang databases, task forces
    for i, pd in enumerate(police):
        state = police_state[i]
        for other in _near(rng, i, shape.city_police, police, 8, 40):
            b.edge(pd, other, "mutual_aid")
            b.edge(other, pd, "mutual_aid")
            if rng.random() < 0.5:
                b.edge(pd, other, "shares_reports")
        for fc in rng.sample(fusion_of_state[state], min(len(fusion_of_state[state]), rng.choice((1, 1, 2)))):
            b.edge(pd, fc, "shares_reports")
            if rng.random() < 0.7:
                b.edge(pd, fc, "suspicious_activity_reports")
            if rng.random() < 0.3:
                b.edge(pd, fc, "gang_intelligence")
        if rng.random() < 0.5:
            b.edge(pd, rng.choice(db_of_state[state]), "gang_database_entries")
        if rng.random() < 0.3:
            for tf in rng.sample(tf_of_state[state], min(len(tf_of_state[state]), rng.randint(1, 2))):
                b.edge(pd, tf, "task_force_membership")

    # task forces -> ICE HSI (and the FBI); databases -> ICE
    for tf in task_forces:
        b.edge(tf, hsi, "shares_intelligence")
        if rng.random() < 0.3:
            b.edge(tf, fbi, "shares_intelligence")
    for db in databases:
        for target in (ero, hsi, fbi):
            if rng.random() < 0.5:
                b.edge(db, target, "database_access")
        if rng.random() < 0.3:
            b.edge(db, court, "used_as_evidence")

    # fusion centers: each other (cycles), their state's databases, ICE; DHS sends them intelligence products
    for s, centers in enumerate(fusion_of_state):
        for fc in centers:
            for other in rng.sample(fusion, 4):
                b.edge(fc, other, "shares_intelligence")
            for db in rng.sample(db_of_state[s], min(len(db_of_state[s]), rng.randint(1, 2))):
                b.edge(fc, db, "gang_database_entries")
            for target in (ero, hsi):
                if rng.random() < 0.8:
                    b.edge(fc, target, "shares_intelligence", dated=0.8)
                    if rng.random() < 0.5:
                        b.edge(fc, target, "detainer_requests", dated=0.8)
            if rng.random() < 0.5:
                b.edge(fc, fbi, "shares_intelligence")
            b.edge(dhs, fc, "intelligence_products")
            b.edge(police[rng.randrange(len(police))], fc, "operates", dated=0.0)  # context

    # the federal level: routes may pass one ICE branch on the way to the other (networkx keeps going there)
    for source, target, relation in ((ero, hsi, "shares_records"), (hsi, ero, "shares_records"),
                                     (hsi, dhs, "reports_to"), (fbi, dhs, "shares_intelligence"),
                                     (dhs, ero, "shares_records"), (ero, court, "used_in_removal"),
                                     (hsi, court, "used_in_removal")):
        b.edge(source, target, relation)

    # grants fund police, fusion centers and task forces (context); DHS administers them (context)
    recipients = police + fusion + task_forces
    for g in grants:
        b.edge(dhs, g, "administers", dated=0.0)
        centre = rng.randrange(len(recipients))
        for r in _near(rng, centre, len(recipients), recipients, rng.randint(10, 50), 60):
            b.edge(g, r, "funds", dated=0.6)
    if shape.dense:
        _densify(b, random.Random(seed + 1), districts, police)
    return b


def _densify(b: _Builder, rng: random.Random, districts: list[str], police: list[str]) -> None:
    """More links, drawn from their own generator after all the others (so the other shapes are unchanged):
    each district shares with more nearby police, and each police department with more neighbours, each pair
    under one to three of ``DENSE_RELATIONS``."""
    for d, district in enumerate(districts):
        for pd in _near(rng, d, len(districts), police, rng.randint(12, 24), 28):
            b.edge(district, pd, rng.choice(DENSE_RELATIONS))
    for i, pd in enumerate(police):
        for other in _near(rng, i, len(police), police, 44, 70):
            for relation in rng.sample(DENSE_RELATIONS, rng.randint(1, 3)):
                b.edge(pd, other, relation)


def write(b: _Builder, out: Path, title: str) -> None:
    """Write nodes.csv, edges.csv and dataset.json into ``out`` (created if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "nodes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(("id", "label", "kind"))
        w.writerows(b.nodes)
    with open(out / "edges.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(("id", "source", "target", "relation", "status", "start", "end", "sources"))
        w.writerows(b.edges)
    meta = {"title": title, "description": "Synthetic benchmark graph (bench/generate.py); not real data.",
            "license": "CC0-1.0", "source": "bench/generate.py"}
    (out / "dataset.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def ensure(size: str, out: Path, seed: int = 2024) -> Path:
    """Generate the data set into ``out`` unless its edges.csv is already there; return ``out``."""
    if not (out / "edges.csv").is_file():
        write(generate(SHAPES[size], seed), out, f"Synthetic national graph ({size} links, seed {seed})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SHAPES), default="100k",
                        help="about 100k or 1m links; 100k-dense: 100k with more links among police")
    parser.add_argument("--out", type=Path, required=True, help="the data set folder to write")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    b = generate(SHAPES[args.size], args.seed)
    write(b, args.out, f"Synthetic national graph ({args.size} links, seed {args.seed})")
    print(f"{args.out}: {len(b.nodes):,} nodes, {len(b.edges):,} links in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
