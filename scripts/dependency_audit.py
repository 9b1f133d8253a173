#!/usr/bin/env python3
"""Dependency audit (issue 17, goal 5): every component the services ship (their CycloneDX SBOMs), the browser
tests' npm packages and the pinned Python tooling, matched against OSV advisories (ECOSYSTEM ranges with
introduced / fixed / last_affected events) with each ecosystem's own version order (Maven's ComparableVersion,
PEP 440, semver). Run through scripts/dependency-audit.sh; `--self-test` runs the matcher's unit tests.

The advisories come from scripts/advisories/ghsa-snapshot.json (see scripts/advisories/README.md for what it holds
and how it was taken); `--db PATH` adds OSV files, folders of them or an OSV all.zip where one can be had.
"""
import argparse
import glob
import json
import os
import re
import sys
import unittest
import zipfile

SEVERITIES = ["LOW", "MODERATE", "HIGH", "CRITICAL"]

# Advisories that GitHub files against a parent POM rather than the jar: matched against the named artifact.
UMBRELLA = {
    "io.netty:netty-parent": "io.netty:netty-common",
    "io.quarkus:quarkus-core-parent": "io.quarkus:quarkus-core",
    "io.quarkus:quarkus-project": "io.quarkus:quarkus-core",
    "com.google.protobuf:protobuf-parent": "com.google.protobuf:protobuf-java",
    "org.postgresql:pgjdbc-aggregate": "org.postgresql:postgresql",
    "org.eclipse.parsson:project": "org.eclipse.parsson:parsson",
}

# PyPI packages that ship another ecosystem's program: the PyPI "milvus" package launches the Milvus server of
# the same version (a Go program), so its Go advisories apply to it.
BUNDLED = {("PyPI", "milvus"): ("Go", "github.com/milvus-io/milvus", lambda v: "v" + v)}


# ---------------------------------------------------------------------------------------------------------------
# Maven: a port of org.apache.maven.artifact.versioning.ComparableVersion (Maven 3.9).
# ---------------------------------------------------------------------------------------------------------------
_QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]
_ALIASES = {"ga": "", "final": "", "release": "", "cr": "rc"}
_RELEASE_INDEX = str(_QUALIFIERS.index(""))


def _qualifier_key(q):
    return str(_QUALIFIERS.index(q)) if q in _QUALIFIERS else "%d-%s" % (len(_QUALIFIERS), q)


class _Int:
    def __init__(self, s):
        self.v = int(s)

    def is_null(self):
        return self.v == 0

    def cmp(self, o):
        if o is None:
            return 0 if self.v == 0 else 1
        if isinstance(o, _Int):
            return (self.v > o.v) - (self.v < o.v)
        return 1  # a number is newer than a qualifier or a sub-list


class _Str:
    def __init__(self, s, followed_by_digit):
        if followed_by_digit and len(s) == 1:
            s = {"a": "alpha", "b": "beta", "m": "milestone"}.get(s, s)
        self.v = _ALIASES.get(s, s)

    def is_null(self):
        return _qualifier_key(self.v) == _RELEASE_INDEX

    def cmp(self, o):
        if o is None:
            a, b = _qualifier_key(self.v), _RELEASE_INDEX
            return (a > b) - (a < b)
        if isinstance(o, _Int) or isinstance(o, _List):
            return -1
        a, b = _qualifier_key(self.v), _qualifier_key(o.v)
        return (a > b) - (a < b)


class _List(list):
    def is_null(self):
        return len(self) == 0

    def normalize(self):
        for i in range(len(self) - 1, -1, -1):
            item = self[i]
            if item.is_null():
                del self[i]
            elif not isinstance(item, _List):
                break

    def cmp(self, o):
        if o is None:
            return 0 if not self else self[0].cmp(None)
        if isinstance(o, _Int):
            return -1
        if isinstance(o, _Str):
            return 1
        for i in range(max(len(self), len(o))):
            left = self[i] if i < len(self) else None
            right = o[i] if i < len(o) else None
            if left is None:
                r = 0 if right is None else -right.cmp(None)
            else:
                r = left.cmp(right)
            if r:
                return r
        return 0


def _parse_maven(version):
    version = version.lower()
    items = lst = _List()
    stack = [lst]
    is_digit = False
    start = 0

    def item(digit, s):
        return _Int(s) if digit else _Str(s, False)

    for i, c in enumerate(version):
        if c == ".":
            lst.append(_Int("0") if i == start else item(is_digit, version[start:i]))
            start = i + 1
        elif c == "-":
            lst.append(_Int("0") if i == start else item(is_digit, version[start:i]))
            start = i + 1
            new = _List()
            lst.append(new)
            lst = new
            stack.append(lst)
        elif c.isdigit():
            if not is_digit and i > start:
                # a qualifier followed by a digit ("alpha1"): the digits start a sub-list
                lst.append(_Str(version[start:i], True))
                start = i
                new = _List()
                lst.append(new)
                lst = new
                stack.append(lst)
            is_digit = True
        else:
            if is_digit and i > start:
                lst.append(item(True, version[start:i]))
                start = i
                new = _List()
                lst.append(new)
                lst = new
                stack.append(lst)
            is_digit = False
    if len(version) > start:
        if not is_digit and lst:
            # a trailing ".X" qualifier counts as "-X" (1.0.0.X1 < 1.0.0-X2)
            new = _List()
            lst.append(new)
            lst = new
            stack.append(lst)
        lst.append(item(is_digit, version[start:]))
    while stack:
        stack.pop().normalize()
    return items


def maven_cmp(a, b):
    return _parse_maven(a).cmp(_parse_maven(b))


# ---------------------------------------------------------------------------------------------------------------
# PyPI (PEP 440), npm and Go (semver).
# ---------------------------------------------------------------------------------------------------------------
try:
    from packaging.version import Version as _Pep440
except ImportError:  # pip vendors it
    from pip._vendor.packaging.version import Version as _Pep440


def pypi_cmp(a, b):
    x, y = _Pep440(a), _Pep440(b)
    return (x > y) - (x < y)


_SEMVER = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$")


def semver_cmp(a, b):
    def key(v):
        m = _SEMVER.match(v)
        if not m:
            raise ValueError("not a semver: %r" % v)
        core = tuple(int(x or 0) for x in m.group(1, 2, 3))
        pre = m.group(4)
        return core, pre

    (ca, pa), (cb, pb) = key(a), key(b)
    if ca != cb:
        return (ca > cb) - (ca < cb)
    if pa == pb:
        return 0
    if pa is None:
        return 1
    if pb is None:
        return -1
    for x, y in zip(pa.split("."), pb.split(".")):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return (int(x) > int(y)) - (int(x) < int(y))
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return (x > y) - (x < y)
    la, lb = len(pa.split(".")), len(pb.split("."))
    return (la > lb) - (la < lb)


COMPARATORS = {"Maven": maven_cmp, "PyPI": pypi_cmp, "npm": semver_cmp, "Go": semver_cmp}


def normalize_name(ecosystem, name):
    if ecosystem == "PyPI":
        return re.sub(r"[-_.]+", "-", name).lower()
    return name


# ---------------------------------------------------------------------------------------------------------------
# OSV range evaluation.
# ---------------------------------------------------------------------------------------------------------------
def range_affects(events, version, cmp):
    """OSV semantics: events sorted by version; walk those at or below the version."""
    def ev_version(e):
        return next(iter(e.values()))

    def order(e1, e2):
        v1, v2 = ev_version(e1), ev_version(e2)
        if v1 == v2:
            return 0
        if v1 == "0":
            return -1
        if v2 == "0":
            return 1
        return cmp(v1, v2)

    import functools
    affected = False
    for e in sorted(events, key=functools.cmp_to_key(order)):
        kind, v = next(iter(e.items()))
        if kind == "introduced":
            if v == "0" or cmp(version, v) >= 0:
                affected = True
        elif kind == "fixed":
            if cmp(version, v) >= 0:
                affected = False
        elif kind == "last_affected":
            if cmp(version, v) > 0:
                affected = False
        elif kind == "limit":
            if cmp(version, v) >= 0:
                affected = False
    return affected


def affects(affected_entry, version, ecosystem):
    cmp = COMPARATORS[ecosystem]
    if version in affected_entry.get("versions", []):
        return True
    for r in affected_entry.get("ranges", []):
        if r.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue
        if range_affects(r["events"], version, cmp):
            return True
    return False


def fixed_in(affected_entry, version, ecosystem):
    """The lowest fixed version above the version, among the ranges that hold it."""
    cmp = COMPARATORS[ecosystem]
    best = None
    for r in affected_entry.get("ranges", []):
        if not range_affects(r["events"], version, cmp):
            continue
        for e in r["events"]:
            f = e.get("fixed")
            if f and (best is None or cmp(f, best) < 0):
                best = f
    return best


# ---------------------------------------------------------------------------------------------------------------
# Inputs.
# ---------------------------------------------------------------------------------------------------------------
def load_advisories(paths):
    advisories = []

    def add(obj):
        if isinstance(obj, dict) and "advisories" in obj:
            advisories.extend(obj["advisories"])
        elif isinstance(obj, list):
            advisories.extend(obj)
        else:
            advisories.append(obj)

    for p in paths:
        if os.path.isdir(p):
            for f in sorted(glob.glob(os.path.join(p, "**", "*.json"), recursive=True)):
                with open(f) as fh:
                    add(json.load(fh))
        elif p.endswith(".zip"):
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    if n.endswith(".json"):
                        add(json.loads(z.read(n)))
        else:
            with open(p) as fh:
                add(json.load(fh))
    return advisories


def index_advisories(advisories):
    idx = {}
    for a in advisories:
        if a.get("withdrawn"):
            continue
        for aff in a.get("affected", []):
            pkg = aff.get("package", {})
            eco, name = pkg.get("ecosystem"), pkg.get("name")
            if eco not in COMPARATORS or not name:
                continue
            target = UMBRELLA.get(name, name) if eco == "Maven" else normalize_name(eco, name)
            idx.setdefault((eco, target), []).append((a, aff, name))
    return idx


def sbom_components(paths):
    """{(ecosystem, name, version): set(where)} from CycloneDX SBOMs (service = the module folder)."""
    comps = {}
    for p in paths:
        with open(p) as fh:
            bom = json.load(fh)
        service = os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(p))))
        for c in bom.get("components", []):
            purl = c.get("purl", "")
            if not purl.startswith("pkg:maven/"):
                continue
            name = "%s:%s" % (c.get("group"), c.get("name"))
            comps.setdefault(("Maven", name, c.get("version")), set()).add(service)
    return comps


def npm_components(lockfile, where):
    comps = {}
    with open(lockfile) as fh:
        lock = json.load(fh)
    for path, meta in lock.get("packages", {}).items():
        if not path:
            continue
        name = meta.get("name") or path.split("node_modules/")[-1]
        comps.setdefault(("npm", name, meta.get("version")), set()).add(where)
    return comps


def requirement_pins(path, where):
    comps = {}
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if m:
            comps.setdefault(("PyPI", normalize_name("PyPI", m.group(1)), m.group(2)), set()).add(where)
    return comps


def venv_packages(venv, where):
    comps = {}
    for meta in glob.glob(os.path.join(venv, "lib", "python*", "site-packages", "*.dist-info", "METADATA")):
        name = version = None
        with open(meta, errors="replace") as fh:
            for line in fh:
                if line.startswith("Name:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("Version:"):
                    version = line.split(":", 1)[1].strip()
                if name and version:
                    break
        if name and version:
            comps.setdefault(("PyPI", normalize_name("PyPI", name), version), set()).add(where)
    return comps


def merge(into, more):
    for k, v in more.items():
        into.setdefault(k, set()).update(v)


# ---------------------------------------------------------------------------------------------------------------
# Audit.
# ---------------------------------------------------------------------------------------------------------------
def audit(components, idx, decisions):
    findings = []
    for (eco, name, version), where in sorted(components.items()):
        checks = [(eco, name, version, None)]
        if (eco, name) in BUNDLED:
            beco, bname, bver = BUNDLED[(eco, name)]
            checks.append((beco, bname, bver(version), "%s %s bundles %s %s" % (name, version, bname, bver(version))))
        for ceco, cname, cversion, via in checks:
            for a, aff, advised_name in idx.get((ceco, cname), []):
                try:
                    hit = affects(aff, cversion, ceco)
                except ValueError:
                    hit = False
                if not hit:
                    continue
                sev = (a.get("database_specific") or {}).get("severity", "UNKNOWN")
                d = decisions.get((a["id"], name)) or decisions.get((a["id"], "*")) or {}
                note = via or (("filed against " + advised_name) if advised_name != cname else "")
                findings.append({
                    "ecosystem": eco, "component": name, "version": version, "advisory": a["id"],
                    "aliases": a.get("aliases", []), "severity": sev, "summary": a.get("summary", ""),
                    "fixed_in": fixed_in(aff, cversion, ceco) or "none", "where": sorted(where),
                    "note": note, "decision": d.get("decision", "open"), "reason": d.get("reason", ""),
                })
    return findings


def load_decisions(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path) as fh:
        data = json.load(fh)
    return {(d["advisory"], d.get("component", "*")): d for d in data.get("decisions", [])}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sbom", action="append", default=[], help="CycloneDX JSON SBOM (repeatable)")
    ap.add_argument("--npm-lock", action="append", default=[], help="WHERE=package-lock.json (repeatable)")
    ap.add_argument("--requirements", action="append", default=[], help="WHERE=requirements.txt (repeatable)")
    ap.add_argument("--pin", action="append", default=[], help="WHERE=name==version, a PyPI pin (repeatable)")
    ap.add_argument("--venv", action="append", default=[], help="WHERE=path of a virtual environment (repeatable)")
    ap.add_argument("--db", action="append", default=[], help="OSV advisories: a JSON file, a folder or an all.zip")
    ap.add_argument("--decisions", help="decisions.json: the accepted and fixed findings, with their reasons")
    ap.add_argument("--out", default="target/dependency-audit", help="folder for report.json and report.md")
    ap.add_argument("--fail-on", choices=[s.lower() for s in SEVERITIES],
                    help="exit 1 when an open (undecided) finding has this severity or a higher one")
    ap.add_argument("--self-test", action="store_true", help="run the version and range matcher's tests")
    args = ap.parse_args(argv)

    if args.self_test:
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(MatcherTest)
        result = unittest.TextTestRunner(verbosity=1).run(suite)
        return 0 if result.wasSuccessful() else 1

    def split(spec):
        where, _, value = spec.partition("=")
        return where, value

    components = {}
    merge(components, sbom_components(args.sbom))
    for spec in args.npm_lock:
        merge(components, npm_components(*reversed(split(spec))))
    for spec in args.requirements:
        where, path = split(spec)
        merge(components, requirement_pins(path, where))
    for spec in args.pin:
        where, pin = split(spec)
        name, _, version = pin.partition("==")
        merge(components, {("PyPI", normalize_name("PyPI", name), version): {where}})
    for spec in args.venv:
        where, path = split(spec)
        merge(components, venv_packages(path, where))

    snapshot_meta = {}
    for p in args.db:
        if p.endswith(".json") and os.path.isfile(p):
            with open(p) as fh:
                obj = json.load(fh)
            if isinstance(obj, dict) and "advisories" in obj:
                snapshot_meta[p] = {k: v for k, v in obj.items() if k != "advisories"}
    advisories = load_advisories(args.db)
    idx = index_advisories(advisories)
    decisions = load_decisions(args.decisions)
    findings = audit(components, idx, decisions)

    counts = {}
    for (eco, _, _), _w in components.items():
        counts[eco] = counts.get(eco, 0) + 1
    uncovered = []
    for meta in snapshot_meta.values():
        for u in meta.get("not_covered", []):
            key = (u["ecosystem"], normalize_name(u["ecosystem"], u["name"]))
            hits = [(e, n, v) for (e, n, v) in components if (e, n) == key]
            for e, n, v in hits:
                uncovered.append({"component": n, "version": v, "where": sorted(components[(e, n, v)]),
                                  "why": u["why"]})

    by_sev = {}
    for f in findings:
        by_sev.setdefault(f["severity"], 0)
        by_sev[f["severity"]] += 1
    open_findings = [f for f in findings if f["decision"] == "open"]
    report = {
        "databases": snapshot_meta or args.db, "advisories_loaded": len(advisories),
        "components": counts, "findings": findings, "not_covered": uncovered,
        "summary": {"findings": len(findings), "by_severity": by_sev, "open": len(open_findings)},
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "report.json"), "w") as fh:
        json.dump(report, fh, indent=1)

    header = ["component", "version", "advisory", "severity", "fixed in", "ships in", "decision"]
    rows = [[f["component"], f["version"], f["advisory"], f["severity"], f["fixed_in"], ", ".join(f["where"]),
             f["decision"]] for f in findings]
    with open(os.path.join(args.out, "report.md"), "w") as fh:
        fh.write("| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n")
        for r in rows:
            fh.write("| " + " | ".join(r) + " |\n")
        for f in findings:
            if f["note"]:
                fh.write("\n- %s (%s %s): %s" % (f["advisory"], f["component"], f["version"], f["note"]))
        for f in findings:
            if f["reason"]:
                fh.write("\n- %s (%s %s): %s" % (f["advisory"], f["component"], f["version"], f["reason"]))
        fh.write("\n")

    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    for f in findings:
        if f["note"]:
            print("note: %s on %s %s: %s" % (f["advisory"], f["component"], f["version"], f["note"]))
    for u in uncovered:
        print("not covered: %s %s (%s): %s" % (u["component"], u["version"], ", ".join(u["where"]), u["why"]))
    print("dependency-audit: %s components (%s) against %d advisories; %d findings (%s), %d open; report in %s/" % (
        sum(counts.values()), ", ".join("%s %d" % kv for kv in sorted(counts.items())), len(advisories),
        len(findings), ", ".join("%s %d" % (s, by_sev[s]) for s in SEVERITIES + ["UNKNOWN"] if s in by_sev) or "none",
        len(open_findings), args.out))
    if args.fail_on:
        floor = SEVERITIES.index(args.fail_on.upper())
        bad = [f for f in open_findings if f["severity"] in SEVERITIES and SEVERITIES.index(f["severity"]) >= floor]
        if bad:
            print("dependency-audit: %d open finding(s) at %s or above" % (len(bad), args.fail_on.upper()),
                  file=sys.stderr)
            return 1
    return 0


# ---------------------------------------------------------------------------------------------------------------
# Tests of the matcher (--self-test).
# ---------------------------------------------------------------------------------------------------------------
class MatcherTest(unittest.TestCase):
    def assertOrdered(self, cmp, versions):
        for i, low in enumerate(versions):
            for high in versions[i + 1:]:
                self.assertLess(cmp(low, high), 0, "%s < %s" % (low, high))
                self.assertGreater(cmp(high, low), 0, "%s > %s" % (high, low))

    def test_maven_qualifier_order(self):
        # Maven's own ComparableVersionTest.VERSIONS_QUALIFIER
        self.assertOrdered(maven_cmp, [
            "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc",
            "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1",
            "1-1-snapshot", "1-1", "1-2", "1-123"])

    def test_maven_number_order(self):
        # Maven's own ComparableVersionTest.VERSIONS_NUMBER
        self.assertOrdered(maven_cmp, [
            "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1",
            "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b", "11c",
            "11m"])

    def test_maven_equal(self):
        for a, b in [("1", "1.0"), ("1", "1.0.0"), ("1.0", "1-0"), ("1-ga", "1"), ("1-final", "1"),
                     ("4.1.130.Final", "4.1.130"), ("1.0.0.RELEASE", "1"), ("1a1", "1-alpha-1"), ("1cr", "1rc"),
                     ("1m3", "1.0-milestone-3")]:
            self.assertEqual(maven_cmp(a, b), 0, "%s == %s" % (a, b))

    def test_maven_real_versions(self):
        self.assertOrdered(maven_cmp, ["4.1.99.Final", "4.1.100.Final", "4.1.125.Final", "4.1.130.Final",
                                       "4.2.0.Alpha1", "4.2.0.Final", "4.2.5.Final"])
        self.assertOrdered(maven_cmp, ["4.0.0-RC1", "4.0.0", "4.27.5", "4.28.0-RC1", "4.28.2"])
        self.assertOrdered(maven_cmp, ["3.0.0.CR1", "3.0.0", "3.8.0.CR1", "3.8.0", "3.8.6.1", "3.27.2"])
        # qualifiers past the known ones sort after the release: 32.0.0 < 32.0.0-android < 32.0.0-jre
        self.assertOrdered(maven_cmp, ["24.1.1", "24.1.1-android", "32.0.0", "32.0.0-android", "32.0.0-jre",
                                       "33.4.8-jre"])
        self.assertOrdered(maven_cmp, ["9.4.1208", "9.4.1212.jre6", "42.2.13", "42.7.6", "42.7.7"])
        self.assertOrdered(maven_cmp, ["2.9.10.3", "2.9.10.4", "2.10.0", "2.19.2"])
        self.assertOrdered(maven_cmp, ["2.0-milestone5", "4.0.0-milestone4", "4.0.0-milestone5", "4.0.0"])

    def test_ranges(self):
        events = [{"introduced": "4.2.0.Alpha1"}, {"fixed": "4.2.5.Final"}]
        self.assertTrue(range_affects(events, "4.2.4.Final", maven_cmp))
        self.assertFalse(range_affects(events, "4.2.5.Final", maven_cmp))
        self.assertFalse(range_affects(events, "4.1.130.Final", maven_cmp))
        events = [{"introduced": "0"}, {"last_affected": "4.1.123.Final"}]
        self.assertTrue(range_affects(events, "4.1.123.Final", maven_cmp))
        self.assertFalse(range_affects(events, "4.1.124.Final", maven_cmp))
        self.assertTrue(range_affects(events, "3.9.2", maven_cmp))
        events = [{"introduced": "3.8.0.CR1"}, {"last_affected": "3.8.0.CR1"}]
        self.assertTrue(range_affects(events, "3.8.0.CR1", maven_cmp))
        self.assertFalse(range_affects(events, "3.8.0", maven_cmp))
        # several introduced/fixed pairs in one range, listed out of order
        events = [{"fixed": "1.5"}, {"introduced": "2.0"}, {"introduced": "1.0"}, {"fixed": "2.3"}]
        for v, hit in [("0.9", False), ("1.0", True), ("1.4", True), ("1.5", False), ("1.9", False),
                       ("2.0", True), ("2.2.9", True), ("2.3", False), ("3", False)]:
            self.assertEqual(range_affects(events, v, maven_cmp), hit, v)

    def test_affects_and_fixed_in(self):
        aff = {"package": {"ecosystem": "Maven", "name": "io.netty:netty-codec-http"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "4.2.0.Alpha1"}, {"fixed": "4.2.5.Final"}]},
                          {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.1.125.Final"}]}]}
        self.assertTrue(affects(aff, "4.1.124.Final", "Maven"))
        self.assertEqual(fixed_in(aff, "4.1.124.Final", "Maven"), "4.1.125.Final")
        self.assertEqual(fixed_in(aff, "4.2.1.Final", "Maven"), "4.2.5.Final")
        self.assertFalse(affects(aff, "4.1.130.Final", "Maven"))
        self.assertTrue(affects({"versions": ["1.2.3"], "ranges": []}, "1.2.3", "Maven"))

    def test_pypi_and_semver(self):
        self.assertOrdered(pypi_cmp, ["23.2.1", "23.3", "25.0", "65.5.0", "70.0.0", "78.1.1"])
        self.assertOrdered(pypi_cmp, ["2.0.0rc1", "2.0.0", "2.0.0.post1", "2.0.1"])
        self.assertTrue(range_affects([{"introduced": "0"}, {"fixed": "70.0.0"}], "65.5.0", pypi_cmp))
        self.assertOrdered(semver_cmp, ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.55.1", "1.65.1"])
        self.assertEqual(semver_cmp("v2.3.5", "2.3.5"), 0)
        self.assertTrue(range_affects([{"introduced": "0"}, {"fixed": "v2.4.24"}], "v2.3.5", semver_cmp))

    def test_umbrella_and_withdrawn(self):
        advisories = [
            {"id": "A", "affected": [{"package": {"ecosystem": "Maven", "name": "io.netty:netty-parent"},
                                      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"},
                                                                                  {"fixed": "5"}]}]}]},
            {"id": "W", "withdrawn": "2020-01-01",
             "affected": [{"package": {"ecosystem": "Maven", "name": "io.netty:netty-common"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}]
        found = audit({("Maven", "io.netty:netty-common", "4.1.130.Final"): {"svc"}},
                      index_advisories(advisories), {})
        self.assertEqual([f["advisory"] for f in found], ["A"])
        self.assertIn("netty-parent", found[0]["note"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
