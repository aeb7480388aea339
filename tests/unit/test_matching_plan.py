"""The optimal assignment against brute force on small random instances: the most mentees
the free places allow, the highest total score among those, no mentor over capacity."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from bot.services import matching
from bot.services.matching import MenteeFacts, MentorFacts, Pair
from bot.services.profile import EXPERTISE

PROVINCES = ("JI", "JT", "JK", "SN", "BA", "PA", "MA")


def random_mentee(rng: random.Random, ident: int) -> MenteeFacts:
    areas = frozenset(rng.sample(EXPERTISE, rng.randint(0, 3)))
    return MenteeFacts(ident, rng.choice(PROVINCES), rng.choice(("id", "en")), areas)


def random_mentor(rng: random.Random, ident: int, capacities: tuple[int, int]) -> MentorFacts:
    capacity = rng.randint(*capacities)
    expertise = frozenset(rng.sample(EXPERTISE, rng.randint(0, 4)))
    load = rng.randint(0, capacity)
    return MentorFacts(
        ident, rng.choice(PROVINCES), rng.choice(("id", "en")), expertise, capacity, load
    )


def total(
    mentees: list[MenteeFacts], mentors: list[MentorFacts], choice: tuple[int | None, ...]
) -> float:
    """The score of an assignment: each mentor's k-th new mentee counts at load + k."""
    taken: Counter[int] = Counter()
    points = 0.0
    for mentee, j in zip(mentees, choice, strict=True):
        if j is None:
            continue
        mentor = mentors[j]
        points += matching.affinity(mentee, mentor)
        points -= matching.load_penalty(mentor, mentor.load + taken[j])
        taken[j] += 1
    return points


def brute_force(mentees: list[MenteeFacts], mentors: list[MentorFacts]) -> tuple[int, float]:
    """The most mentees matched and, among such assignments, the best total."""
    best = (-1, float("-inf"))
    options: list[int | None] = [None, *range(len(mentors))]
    for choice in itertools.product(options, repeat=len(mentees)):
        taken = Counter(j for j in choice if j is not None)
        if any(taken[j] > mentors[j].free for j in taken):
            continue
        matched = sum(taken.values())
        best = max(best, (matched, total(mentees, mentors, choice)))
    return best


def planned(
    mentees: list[MenteeFacts], mentors: list[MentorFacts], pairs: list[Pair]
) -> tuple[int, float]:
    index = {mentor.id: j for j, mentor in enumerate(mentors)}
    choice = tuple(None if p.mentor_id is None else index[p.mentor_id] for p in pairs)
    return sum(j is not None for j in choice), total(mentees, mentors, choice)


@pytest.mark.parametrize("seed", range(60))
def test_the_plan_is_as_good_as_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    mentees = [random_mentee(rng, i) for i in range(1, 6)]
    mentors = [random_mentor(rng, 100 + j, (1, 2)) for j in range(3)]
    pairs = matching.optimal(mentees, mentors)

    assert [p.mentee_id for p in pairs] == [m.id for m in mentees]
    taken = Counter(p.mentor_id for p in pairs if p.mentor_id is not None)
    assert all(taken[m.id] <= m.free for m in mentors)
    matched, points = planned(mentees, mentors, pairs)
    best_matched, best_points = brute_force(mentees, mentors)
    assert matched == best_matched == min(len(mentees), sum(m.free for m in mentors))
    assert points == pytest.approx(best_points, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_the_score_matrix_is_the_score_of_each_pair(seed: int) -> None:
    rng = random.Random(seed)
    mentees = [random_mentee(rng, i) for i in range(30)]
    mentees.append(MenteeFacts(99, None, "id", frozenset()))  # no province yet
    mentors = [random_mentor(rng, 100 + j, (1, 9)) for j in range(12)]
    matrix = matching.affinities(mentees, mentors)
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            assert matrix[i, j] == matching.affinity(mentee, mentor)


def test_scores_reported_are_those_of_each_new_place() -> None:
    mentee = MenteeFacts(1, "JI", "id", frozenset({"restitution"}))
    other = MenteeFacts(2, "JI", "id", frozenset({"restitution"}))
    mentor = MentorFacts(10, "JI", "id", frozenset({"restitution"}), capacity=4, load=1)
    pairs = matching.optimal([mentee, other], [mentor])
    assert sorted(p.score or 0 for p in pairs) == [
        matching.score(mentee, mentor, load=2),
        matching.score(mentee, mentor, load=1),
    ]


def test_mentees_left_over_when_places_run_out() -> None:
    rng = random.Random(7)
    mentees = [random_mentee(rng, i) for i in range(1, 9)]
    mentors = [
        MentorFacts(100, "JI", "id", frozenset(), capacity=3, load=1),
        MentorFacts(101, "SN", "en", frozenset(), capacity=2, load=2),  # full
        MentorFacts(102, "PA", "id", frozenset(), capacity=0, load=0),
    ]
    pairs = matching.optimal(mentees, mentors)
    assert Counter(p.mentor_id for p in pairs) == {100: 2, None: 6}
    assert all(p.score is None for p in pairs if p.mentor_id is None)


def test_nothing_to_plan() -> None:
    mentor = MentorFacts(100, "JI", "id", frozenset(), capacity=3, load=0)
    assert matching.optimal([], [mentor]) == []
    mentee = MenteeFacts(1, "JI", "id", frozenset())
    assert matching.optimal([mentee], []) == [Pair(1, None, None)]


def test_a_close_mentor_with_shared_areas_wins_over_a_distant_one() -> None:
    mentee = MenteeFacts(1, "JI", "id", frozenset({"child-victims", "cross-border"}))
    near = MentorFacts(10, "JI", "id", frozenset({"child-victims"}), capacity=5, load=3)
    far = MentorFacts(11, "PA", "en", frozenset(), capacity=5, load=0)
    assert matching.optimal([mentee], [far, near]) == [Pair(1, 10, matching.score(mentee, near))]
