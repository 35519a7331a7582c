"""Semantic checks of a structurally valid referential: what a JSON Schema cannot say.

Unique ids across the whole referential, references to areas, competences, tubes, skills and
profiles that exist, one skill per level in a tube, solution indexes that name a proposal,
tutorials on skills of their own tube, target profiles that do not include themselves (through
``profiles``) and are not empty, Markdown without raw HTML tags, illustrations without scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs

from pixorga_core.referentials.problems import ReferentialProblem, json_path

REFERENTIAL_FILE = "referential.json"
_UNSAFE_SVG = re.compile(r"<\s*script|<\s*foreignObject|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)
#: Raw HTML in Markdown text: a common tag name right after "<" or "</".
_HTML_TAG = re.compile(
    r"</?(a|b|br|div|em|font|h[1-6]|i|iframe|img|input|li|ol|p|script|span|strong|style|"
    r"table|td|th|tr|u|ul)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)


@attrs.frozen
class CompetenceFile:
    """A parsed ``competences/<id>.json`` and where it is."""

    competence_id: str
    file: str
    index: int  #: position of the competence in referential.json
    document: dict[str, Any]


@attrs.frozen
class _Place:
    file: str
    parts: tuple[str | int, ...]
    kind: str

    @property
    def path(self) -> str:
        return json_path(self.parts)


class _Checker:
    def __init__(self, main: dict[str, Any], competence_files: list[CompetenceFile]) -> None:
        self.main = main
        self.files = competence_files
        self.problems: list[ReferentialProblem] = []
        self.ids: dict[str, _Place] = {}
        self.areas: set[str] = set()
        self.competences: dict[str, str] = {}  # id -> area
        self.tubes: dict[str, str] = {}  # id -> competence
        self.skills: dict[str, tuple[str, str, int]] = {}  # id -> (tube, competence, level)
        self.profiles: dict[str, dict[str, Any]] = {}

    def problem(
        self, file: str, parts: tuple[str | int, ...], message: str, elem: str | None
    ) -> None:
        self.problems.append(ReferentialProblem(file, json_path(parts), message, elem))

    def declare(self, ident: str, place: _Place) -> bool:
        first = self.ids.get(ident)
        if first is not None:
            self.problem(
                place.file,
                (*place.parts, "id"),
                f"duplicate id {ident!r}: already used by the {first.kind} at "
                f"{first.file}: {first.path}",
                ident,
            )
            return False
        self.ids[ident] = place
        return True

    # -- referential.json ---------------------------------------------------------------------

    def check_main(self) -> None:
        main, file = self.main, REFERENTIAL_FILE
        for i, area in enumerate(main["areas"]):
            if self.declare(area["id"], _Place(file, ("areas", i), "area")):
                self.areas.add(area["id"])
        seen_files: dict[str, str] = {}
        for i, competence in enumerate(main["competences"]):
            parts: tuple[str | int, ...] = ("competences", i)
            if self.declare(competence["id"], _Place(file, parts, "competence")):
                self.competences[competence["id"]] = competence["area"]
            if competence["area"] not in self.areas:
                self.problem(
                    file, (*parts, "area"), f"unknown area {competence['area']!r}", competence["id"]
                )
            other = seen_files.setdefault(competence["file"], competence["id"])
            if other != competence["id"]:
                self.problem(
                    file,
                    (*parts, "file"),
                    f"file {competence['file']!r} is already the file of competence {other!r}",
                    competence["id"],
                )

    # -- competence files ---------------------------------------------------------------------

    def check_structure(self, cf: CompetenceFile) -> None:
        doc, file = cf.document, cf.file
        if doc["competence"] != cf.competence_id:
            self.problem(
                file,
                ("competence",),
                f"this file is named by competence {cf.competence_id!r} in {REFERENTIAL_FILE} "
                f"but says it is competence {doc['competence']!r}",
                doc["competence"],
            )
        for t, tube in enumerate(doc["tubes"]):
            tparts: tuple[str | int, ...] = ("tubes", t)
            if self.declare(tube["id"], _Place(file, tparts, "tube")):
                self.tubes[tube["id"]] = cf.competence_id
            levels: dict[int, str] = {}
            for s, skill in enumerate(tube["skills"]):
                sparts = (*tparts, "skills", s)
                if self.declare(skill["id"], _Place(file, sparts, "skill")):
                    self.skills[skill["id"]] = (tube["id"], cf.competence_id, skill["level"])
                first = levels.setdefault(skill["level"], skill["id"])
                if first != skill["id"]:
                    self.problem(
                        file,
                        (*sparts, "level"),
                        f"level {skill['level']} appears twice in tube {tube['id']!r} "
                        f"(skills {first!r} and {skill['id']!r})",
                        skill["id"],
                    )

    def check_content(self, cf: CompetenceFile) -> None:
        doc, file = cf.document, cf.file
        for c, challenge in enumerate(doc.get("challenges", [])):
            self.check_challenge(cf, ("challenges", c), challenge)
        for t, tutorial in enumerate(doc.get("tutorials", [])):
            parts: tuple[str | int, ...] = ("tutorials", t)
            ident = tutorial["id"]
            self.declare(ident, _Place(file, parts, "tutorial"))
            self.check_markdown(file, (*parts, "content"), tutorial["content"], ident)
            tube_competence = self.tubes.get(tutorial["tube"])
            if tube_competence is None:
                self.problem(file, (*parts, "tube"), f"unknown tube {tutorial['tube']!r}", ident)
                continue
            for s, skill_id in enumerate(tutorial.get("skills", [])):
                known = self.skills.get(skill_id)
                if known is None:
                    self.problem(file, (*parts, "skills", s), f"unknown skill {skill_id!r}", ident)
                elif known[0] != tutorial["tube"]:
                    self.problem(
                        file,
                        (*parts, "skills", s),
                        f"skill {skill_id!r} belongs to tube {known[0]!r}, "
                        f"not to the tutorial's tube {tutorial['tube']!r}",
                        ident,
                    )

    def check_challenge(
        self, cf: CompetenceFile, parts: tuple[str | int, ...], challenge: dict[str, Any]
    ) -> None:
        file, ident = cf.file, challenge["id"]
        self.declare(ident, _Place(file, parts, "challenge"))
        skill = self.skills.get(challenge["skill"])
        if skill is None:
            self.problem(file, (*parts, "skill"), f"unknown skill {challenge['skill']!r}", ident)
        elif skill[1] != cf.competence_id:
            self.problem(
                file,
                (*parts, "skill"),
                f"skill {challenge['skill']!r} belongs to competence {skill[1]!r}, "
                f"not to {cf.competence_id!r} (move the challenge to its competence's file)",
                ident,
            )
        self.check_markdown(file, (*parts, "instruction"), challenge["instruction"], ident)
        if "document" in challenge:
            content = challenge["document"]["content"]
            self.check_markdown(file, (*parts, "document", "content"), content, ident)
        kind = challenge["type"]
        count = len(challenge.get("proposals", []))
        if kind == "QCU" and challenge["solution"] > count:
            self.problem(
                file,
                (*parts, "solution"),
                f"solution {challenge['solution']} names no proposal (there are {count})",
                ident,
            )
        if kind == "QCM":
            for i, index in enumerate(challenge["solution"]):
                if index > count:
                    self.problem(
                        file,
                        (*parts, "solution", i),
                        f"solution {index} names no proposal (there are {count})",
                        ident,
                    )
        if kind in ("QROCM", "QROCM-dep"):
            keys: set[str] = set()
            for f, field in enumerate(challenge["fields"]):
                if field["key"] in keys:
                    self.problem(
                        file,
                        (*parts, "fields", f, "key"),
                        f"field key {field['key']!r} appears twice",
                        ident,
                    )
                keys.add(field["key"])
            needed = challenge.get("min_correct")
            if needed is not None and needed > len(challenge["fields"]):
                self.problem(
                    file,
                    (*parts, "min_correct"),
                    f"min_correct {needed} is more than the {len(challenge['fields'])} fields",
                    ident,
                )
        self.check_examples(file, parts, challenge)
        svg = challenge.get("illustration", {}).get("svg")
        if svg is not None and _UNSAFE_SVG.search(svg):
            self.problem(
                file,
                (*parts, "illustration", "svg"),
                "the SVG contains a script, an event handler, a foreignObject or a javascript: "
                "link; only static inline SVG is allowed",
                ident,
            )

    def check_examples(
        self, file: str, parts: tuple[str | int, ...], challenge: dict[str, Any]
    ) -> None:
        """Example answers have the shape of the challenge's answers (text, or known fields)."""
        keys = {field["key"] for field in challenge.get("fields", [])}
        for side, examples in challenge.get("examples", {}).items():
            if side not in ("accepted", "refused"):
                continue
            for e, example in enumerate(examples):
                where = (*parts, "examples", side, e)
                if not keys and not isinstance(example, str):
                    self.problem(file, where, "a QROC example is a text", challenge["id"])
                elif keys and not isinstance(example, dict):
                    message = "an example of a challenge with fields maps field keys to texts"
                    self.problem(file, where, message, challenge["id"])
                elif keys:
                    for key in sorted(set(example) - keys):
                        self.problem(file, where, f"unknown field key {key!r}", challenge["id"])

    def check_markdown(
        self, file: str, parts: tuple[str | int, ...], text: str, ident: str
    ) -> None:
        found = _HTML_TAG.search(text)
        if found is not None:
            self.problem(
                file,
                parts,
                f"raw HTML {found.group(0)[:40]!r}: use Markdown (**bold**, *italic*, lists, "
                "tables) instead",
                ident,
            )

    # -- target profiles ----------------------------------------------------------------------

    def check_profiles(self) -> None:
        file = REFERENTIAL_FILE
        for i, profile in enumerate(self.main["target_profiles"]):
            parts: tuple[str | int, ...] = ("target_profiles", i)
            ident = profile["id"]
            if self.declare(ident, _Place(file, parts, "target profile")):
                self.profiles[ident] = profile
            for key, known, noun in (
                ("competences", self.competences, "competence"),
                ("tubes", self.tubes, "tube"),
                ("skills", self.skills, "skill"),
            ):
                for j, ref in enumerate(profile.get(key, [])):
                    if ref not in known:
                        self.problem(file, (*parts, key, j), f"unknown {noun} {ref!r}", ident)
        for i, profile in enumerate(self.main["target_profiles"]):
            parts = ("target_profiles", i)
            for j, ref in enumerate(profile.get("profiles", [])):
                if ref not in self.profiles:
                    message = f"unknown target profile {ref!r}"
                    self.problem(file, (*parts, "profiles", j), message, profile["id"])
            cycle = self.find_cycle(profile["id"])
            if cycle is not None:
                self.problem(
                    file,
                    (*parts, "profiles"),
                    "target profiles include each other in a cycle: " + " -> ".join(cycle),
                    profile["id"],
                )
        if self.problems:
            return
        for i, profile in enumerate(self.main["target_profiles"]):
            if not resolve_profile_skills(profile["id"], self.main, self.skills_in_order()):
                cap = profile.get("max_level")
                below = f" at level {cap} or below" if cap is not None else ""
                message = f"this target profile selects no skill{below}"
                self.problem(file, ("target_profiles", i), message, profile["id"])

    def find_cycle(self, start: str) -> list[str] | None:
        """A cycle of ``profiles`` references through ``start``, as a list of ids."""
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(self._refs(start)))]
        path = [start]
        visited = {start}
        while stack:
            _, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                continue
            if child == start:
                return [*path, start]
            if child in visited or child not in self.profiles:
                continue
            visited.add(child)
            path.append(child)
            stack.append((child, iter(self._refs(child))))
        return None

    def _refs(self, profile_id: str) -> list[str]:
        return list(self.profiles.get(profile_id, {}).get("profiles", []))

    def skills_in_order(self) -> list[tuple[str, str, str, int]]:
        """(skill, tube, competence, level) in file order."""
        return [(sid, t, c, level) for sid, (t, c, level) in self.skills.items()]


def resolve_profile_skills(
    profile_id: str, main: dict[str, Any], skills: list[tuple[str, str, str, int]]
) -> list[str]:
    """Skill ids a target profile selects, in referential order (``profiles`` must be acyclic)."""
    by_id = {p["id"]: p for p in main["target_profiles"]}
    wanted_competences: set[str] = set()
    wanted_tubes: set[str] = set()
    wanted_skills: set[str] = set()
    pending, seen = [profile_id], set()
    while pending:
        current = by_id[pending.pop()]
        if current["id"] in seen:
            continue
        seen.add(current["id"])
        wanted_competences.update(current.get("competences", []))
        wanted_tubes.update(current.get("tubes", []))
        wanted_skills.update(current.get("skills", []))
        pending.extend(current.get("profiles", []))
    cap = by_id[profile_id].get("max_level", 8)
    return [
        sid
        for sid, tube, competence, level in skills
        if level <= cap
        and (sid in wanted_skills or tube in wanted_tubes or competence in wanted_competences)
    ]


def check(main: dict[str, Any], competence_files: list[CompetenceFile]) -> list[ReferentialProblem]:
    """Every semantic problem of a referential whose files passed the JSON Schema."""
    checker = _Checker(main, competence_files)
    checker.check_main()
    for cf in competence_files:
        checker.check_structure(cf)
    for cf in competence_files:
        checker.check_content(cf)
    checker.check_profiles()
    return checker.problems
