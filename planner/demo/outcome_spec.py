"""The published figures the synthetic outcomes are drawn to, and the assumptions between them.

Sources are /work/notes/outcomes-figures.md (sections cited as OF §n); [V] read in an official
table, [V2] a secondary source quoting one, [D] derived by arithmetic, [A] an assumption made
here where nothing was published. The shares are for young people with an EHC plan, all needs
together, at each point; `NEED_TILT` moves them for each need, `SEN_SUPPORT_ACTIVITY` replaces
them for SEN support.
"""

from __future__ import annotations

from planner.models import Need as N
from planner.outcomes.record import Activity, CeaseReason, Living, Point

A = Activity
# Main activity at each point, per cent (EHC plan, all needs).
ACTIVITY: dict[Point, dict[Activity, float]] = {
    # OF §1: KS4 leavers with an EHC plan, destinations 2020/21 [V counts, D %]: sustained
    # education 88.5, apprenticeship 0.6, employment 1.5, not sustained 7.6 (read as NEET);
    # activity not captured 1.9% is the recording gap (RECORDED below).
    Point.YEAR11_END: {A.SCHOOL_OR_COLLEGE: 88.5, A.APPRENTICESHIP: 0.6, A.PAID_WORK: 1.5, A.NEET: 7.6},
    # OF §2: SEN2 January 2025, NEET 8.2% of plan holders aged 16-17 [D from V].
    Point.AGE_17: {A.SCHOOL_OR_COLLEGE: 85.0, A.TRAINING: 2.5, A.SUPPORTED_INTERNSHIP: 1.0, A.APPRENTICESHIP: 1.0,
                   A.PAID_WORK: 1.8, A.VOLUNTARY_WORK: 0.5, A.NEET: 8.2},
    # OF "suggested anchors" at 19: education or training ~80%, NEET ~16% (SEN2 18-19: 16.4%),
    # paid work 2-4%, supported internships ~3% [A from V]; 18 between 17 and 19 [A].
    Point.AGE_18: {A.SCHOOL_OR_COLLEGE: 72.0, A.HIGHER_EDUCATION: 1.5, A.TRAINING: 3.5, A.SUPPORTED_INTERNSHIP: 3.0,
                   A.APPRENTICESHIP: 1.5, A.PAID_WORK: 3.0, A.VOLUNTARY_WORK: 1.0, A.DAY_SERVICE: 1.5, A.NEET: 13.0},
    Point.AGE_19: {A.SCHOOL_OR_COLLEGE: 63.0, A.HIGHER_EDUCATION: 4.0, A.TRAINING: 4.0, A.SUPPORTED_INTERNSHIP: 3.0,
                   A.APPRENTICESHIP: 2.0, A.PAID_WORK: 4.0, A.VOLUNTARY_WORK: 1.5, A.DAY_SERVICE: 2.1, A.NEET: 16.4},
    # At 21 the whole cohort, plans open or ended: SEN2 20-25 NEET is 20.9% of those whose plan is
    # still open [D from V]; about half of plans ceasing at 19 and over end because the young
    # person no longer engages (OF §3), so the cohort's NEET share is set higher, 26% [A]. Paid
    # work: ASCOF 1E is 4.8% for adults with a learning disability (OF §4); higher without one
    # (NEED_TILT) [A].
    Point.AGE_21: {A.SCHOOL_OR_COLLEGE: 35.0, A.HIGHER_EDUCATION: 7.0, A.TRAINING: 5.0, A.SUPPORTED_INTERNSHIP: 3.0,
                   A.APPRENTICESHIP: 3.0, A.PAID_WORK: 12.0, A.VOLUNTARY_WORK: 3.5, A.DAY_SERVICE: 5.5, A.NEET: 26.0},
    # At 25: former statement holders 39% in employment at about 31 (LEO, OF §4) and ASCOF 1E
    # 4.8% with a learning disability: 25% overall before the need tilt [A].
    Point.AGE_25: {A.SCHOOL_OR_COLLEGE: 10.0, A.HIGHER_EDUCATION: 4.0, A.TRAINING: 4.0, A.SUPPORTED_INTERNSHIP: 1.0,
                   A.APPRENTICESHIP: 2.0, A.PAID_WORK: 25.0, A.VOLUNTARY_WORK: 7.0, A.DAY_SERVICE: 12.0, A.NEET: 35.0},
}
# SEN support without a plan. OF §1: KS4 leavers with SEN but no statement, 85% sustained
# destination (2013/14) and 3.4% sustained employment (2020) [V2/V]; later points [A].
SEN_SUPPORT_ACTIVITY: dict[Point, dict[Activity, float]] = {
    Point.YEAR11_END: {A.SCHOOL_OR_COLLEGE: 78.0, A.APPRENTICESHIP: 3.6, A.PAID_WORK: 3.4, A.TRAINING: 2.0, A.NEET: 13.0},
    Point.AGE_17: {A.SCHOOL_OR_COLLEGE: 74.0, A.APPRENTICESHIP: 5.0, A.PAID_WORK: 5.0, A.TRAINING: 4.0, A.NEET: 12.0},
    Point.AGE_18: {A.SCHOOL_OR_COLLEGE: 55.0, A.HIGHER_EDUCATION: 6.0, A.APPRENTICESHIP: 7.0, A.PAID_WORK: 12.0,
                   A.TRAINING: 4.0, A.VOLUNTARY_WORK: 1.0, A.NEET: 15.0},
    Point.AGE_19: {A.SCHOOL_OR_COLLEGE: 38.0, A.HIGHER_EDUCATION: 12.0, A.APPRENTICESHIP: 8.0, A.PAID_WORK: 20.0,
                   A.TRAINING: 4.0, A.VOLUNTARY_WORK: 1.0, A.NEET: 17.0},
    Point.AGE_21: {A.SCHOOL_OR_COLLEGE: 12.0, A.HIGHER_EDUCATION: 16.0, A.APPRENTICESHIP: 7.0, A.PAID_WORK: 38.0,
                   A.TRAINING: 4.0, A.VOLUNTARY_WORK: 2.0, A.NEET: 21.0},
    Point.AGE_25: {A.SCHOOL_OR_COLLEGE: 4.0, A.HIGHER_EDUCATION: 6.0, A.APPRENTICESHIP: 3.0, A.PAID_WORK: 60.0,
                   A.TRAINING: 3.0, A.VOLUNTARY_WORK: 3.0, A.NEET: 21.0},
}
# Weights by need [A]: learning disabilities work less and use day services more (ASCOF 1E
# 4.8%, OF §4); sensory, physical and specific learning difficulties more often reach higher
# education and work.
_LD_HEAVY = {A.PAID_WORK: 0.15, A.APPRENTICESHIP: 0.2, A.HIGHER_EDUCATION: 0.05, A.DAY_SERVICE: 4.0,
             A.SUPPORTED_INTERNSHIP: 0.8}
NEED_TILT: dict[str, dict[Activity, float]] = {
    N.PMLD: _LD_HEAVY, N.SLD: _LD_HEAVY, N.MSI: _LD_HEAVY,
    N.MLD: {A.PAID_WORK: 0.5, A.HIGHER_EDUCATION: 0.2, A.DAY_SERVICE: 1.5, A.SUPPORTED_INTERNSHIP: 1.8},
    N.SEMH: {A.NEET: 1.3, A.HIGHER_EDUCATION: 0.8},
    N.SPLD: {A.PAID_WORK: 1.6, A.HIGHER_EDUCATION: 2.5, A.DAY_SERVICE: 0.1, A.NEET: 0.8},
    N.HI: {A.PAID_WORK: 1.5, A.HIGHER_EDUCATION: 2.0, A.DAY_SERVICE: 0.3},
    N.VI: {A.PAID_WORK: 1.4, A.HIGHER_EDUCATION: 2.0, A.DAY_SERVICE: 0.3},
    N.PD: {A.PAID_WORK: 1.3, A.HIGHER_EDUCATION: 1.8},
}
# The order a person's latent position reads the categories in, least to most engaged: a
# young person's position persists from point to point (correlation RHO), so someone NEET at
# 19 is likely NEET at 21 [A].
ACTIVITY_ORDER = (A.NEET, A.DAY_SERVICE, A.VOLUNTARY_WORK, A.SCHOOL_OR_COLLEGE, A.TRAINING,
                  A.SUPPORTED_INTERNSHIP, A.HIGHER_EDUCATION, A.APPRENTICESHIP, A.PAID_WORK)
RHO = 0.75
COHORT_GAIN = 0.008  # each later cohort a little better placed, 0.8 points of position a year [A]

L = Living
# Where they live (EHC plan, all needs), per cent. OF §6: ASCOF 1G 79% "own home or family"
# for all adults 18-64 with a learning disability; SEN2 residential placements 1,595 aged 14+;
# the demo's B2 housing shares at 18-25 (supported living 5%, residential 2%, tenancy 5%,
# Shared Lives 2%); "with family 60-70% at 25" [A] (OF anchors).
LIVING: dict[Point, dict[Living, float]] = {
    Point.YEAR11_END: {L.WITH_FAMILY: 96.5, L.RESIDENTIAL: 2.0, L.OTHER: 1.5},
    Point.AGE_17: {L.WITH_FAMILY: 96.0, L.RESIDENTIAL: 2.5, L.OTHER: 1.5},
    Point.AGE_18: {L.WITH_FAMILY: 92.0, L.RESIDENTIAL: 3.0, L.SUPPORTED_LIVING: 2.0, L.SHARED_LIVES: 0.5,
                   L.OWN_TENANCY: 1.0, L.OTHER: 1.5},
    Point.AGE_19: {L.WITH_FAMILY: 89.0, L.RESIDENTIAL: 3.5, L.SUPPORTED_LIVING: 3.0, L.SHARED_LIVES: 1.0,
                   L.OWN_TENANCY: 2.0, L.OTHER: 1.5},
    Point.AGE_21: {L.WITH_FAMILY: 80.0, L.RESIDENTIAL: 4.0, L.SUPPORTED_LIVING: 6.0, L.SHARED_LIVES: 2.0,
                   L.OWN_TENANCY: 6.0, L.OTHER: 2.0},
    Point.AGE_25: {L.WITH_FAMILY: 65.0, L.RESIDENTIAL: 6.0, L.SUPPORTED_LIVING: 12.0, L.SHARED_LIVES: 3.0,
                   L.OWN_TENANCY: 12.0, L.OTHER: 2.0},
}
LIVING_TILT: dict[str, dict[Living, float]] = {
    n: {L.RESIDENTIAL: 2.5, L.SUPPORTED_LIVING: 1.8, L.OWN_TENANCY: 0.2} for n in (N.PMLD, N.SLD, N.MSI)
} | {N.SEMH: {L.OTHER: 2.0, L.OWN_TENANCY: 1.3}}
LIVING_ORDER = (L.OTHER, L.RESIDENTIAL, L.WITH_FAMILY, L.SHARED_LIVES, L.SUPPORTED_LIVING, L.OWN_TENANCY)
LIVING_RHO = 0.85

# Worker's records: the share of points at which anything is recorded [A]. While a plan is open
# the annual review records it (KS4 "activity not captured" 1.9%, OF §1); after it ends, or
# for SEN support after 18, areas lose track (Norfolk and Worcestershire letters: the reason
# for this issue).
RECORDED_PLAN_OPEN = {Point.YEAR11_END: 0.98, Point.AGE_17: 0.93, Point.AGE_18: 0.9, Point.AGE_19: 0.88,
                      Point.AGE_21: 0.85, Point.AGE_25: 0.8}
RECORDED_SEN_SUPPORT = {Point.YEAR11_END: 0.9, Point.AGE_17: 0.85, Point.AGE_18: 0.5, Point.AGE_19: 0.35,
                        Point.AGE_21: 0.2, Point.AGE_25: 0.1}
RECORDED_AFTER_PLAN = 0.35  # after the plan ended; 0.65 when adult social care is involved
RECORDED_ADULT_CARE = 0.65
CHECK_INS_FROM = "2024-09-01"  # young people's check-ins began with the planner [A]
SAID_AGAIN = 0.6  # a young person says the same at the next review [A]
CHECK_IN_SHARE = 0.35  # of young people asked at a point from then [A]

# Health [A from OF §7]: annual health checks for people on the LD register, by calendar year:
# under half of 18-24s in 2017/18, 74% of all ages in 2020/21, 79.6% in 2023/24.
def health_check_share(year: int) -> float:
    return min(0.72, 0.45 + 0.045 * max(0, year - 2018))


ADULT_GP = 0.93  # registered with an adult GP at 18 and after [A: no national measure, OF §7]
ADULT_SERVICES_WITHOUT_EPISODE = 0.3  # adult services in place when no adult episode is recorded [A]
# Community [A: no national measure, OF §8].
FRIENDS = 0.68
ACTIVITIES = 0.6
TRAVELS_ALONE = {N.PMLD: 0.02, N.SLD: 0.08, N.MSI: 0.05, N.MLD: 0.35, N.ASD: 0.55, N.VI: 0.4}
TRAVELS_DEFAULT = 0.72

# Groups leaders could not see [A unless cited]: independent placements follow the setting (A4
# "independent special school" 10.4% at 14-15, 2.4% at 18-19) and specialist post-16
# institutions, mostly independent; about half of independent placements are out of the area.
# Youth justice: 60-70% of children in the youth justice system have some SEN (MoJ-DfE data
# share, Dec 2016, via AFA [V2]); a few per cent of young people with plans, more with SEMH.
INDEPENDENT_SPECIALIST_POST16 = 0.7
INDEPENDENT_EARLIER = 0.06  # placed in an independent school before the current setting
OUT_OF_AREA_IF_INDEPENDENT = 0.5
OUT_OF_AREA_OTHERWISE = 0.04
PART_TIME = {N.SEMH: 0.14, N.ASD: 0.08}
PART_TIME_DEFAULT = 0.03
YOUTH_JUSTICE = {N.SEMH: 0.07}
YOUTH_JUSTICE_DEFAULT = 0.012

# Plans that ended before the snapshot (the former plan holders of each cohort). The cohort at
# 17 is today's 17-year-olds shrunk by plan growth of 8% a year going back (F&C: plans have grown
# about 10% a year) [A]; those not holding a plan now had one that ended. The age it ended and
# why follow SEN2 ceased plans in 2024 (OF §3, [V counts, D shares]): ended at 18 5,113; at 19
# 6,004; at 20 and over 18,576 (shared over 20 to 25); at 16 and 17 [A].
PLAN_GROWTH = 1.08
CEASE_AGE_WEIGHT = {16: 1500, 17: 2000, 18: 5113, 19: 6004, 20: 3096, 21: 3096, 22: 3096, 23: 3096, 24: 3096,
                    25: 3096}
C = CeaseReason
CEASE_REASONS: dict[str, dict[CeaseReason, float]] = {
    "18": {C.NO_ENGAGEMENT: 44.2, C.EMPLOYED: 12.3, C.HIGHER_EDUCATION: 15.1, C.NEEDS_MET: 8.5,
           C.TRANSFER_OUT: 16.5, C.MAX_AGE: 0.0, C.OTHER: 3.4},
    "19": {C.NO_ENGAGEMENT: 52.4, C.EMPLOYED: 12.7, C.HIGHER_EDUCATION: 11.0, C.NEEDS_MET: 11.0,
           C.TRANSFER_OUT: 8.4, C.MAX_AGE: 0.0, C.OTHER: 4.5},
    "20+": {C.NO_ENGAGEMENT: 54.8, C.EMPLOYED: 12.2, C.HIGHER_EDUCATION: 6.0, C.NEEDS_MET: 10.7,
            C.TRANSFER_OUT: 3.7, C.MAX_AGE: 9.6, C.OTHER: 3.0},
}
# What a young person is doing when their plan ends for each reason.
CEASE_ACTIVITY = {C.EMPLOYED: A.PAID_WORK, C.HIGHER_EDUCATION: A.HIGHER_EDUCATION, C.NO_ENGAGEMENT: A.NEET}

PLACES = {
    A.SCHOOL_OR_COLLEGE: ("{area} College", "Oakfield School sixth form", "Riverside Specialist College",
                          "{area} Special School"),
    A.HIGHER_EDUCATION: ("{area} University", "a university in another city"),
    A.APPRENTICESHIP: ("a building firm", "a day nursery", "a garage", "the council"),
    A.SUPPORTED_INTERNSHIP: ("the farm park", "the hospital", "the council offices", "a supermarket", "a hotel"),
    A.TRAINING: ("a training provider", "a work skills programme"),
    A.PAID_WORK: ("a café", "a supermarket", "a garden centre", "a warehouse", "an office", "the farm park"),
    A.VOLUNTARY_WORK: ("a charity shop", "the animal rescue centre"),
    A.DAY_SERVICE: ("a day centre",),
}
FULL_TIME_SHARE = 0.29  # of people with a learning disability in paid work, 16 or more hours (OF §4 [V2])
