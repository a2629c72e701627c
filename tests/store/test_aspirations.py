"""What I want (aspirations) with a version check (issue 17, defect 5): two saves at once both
said "saved" and one was lost."""

from __future__ import annotations

import threading

import pytest

from planner import store


def _person(db) -> str:
    db.execute("INSERT INTO people (id, area, local_id, dob) VALUES ('a-1', 'a', '1', '2010-01-01')")
    return "a-1"


def test_a_stale_save_is_refused_with_who_and_when(fresh_db):
    pid = _person(fresh_db)
    assert store.aspirations_version(fresh_db, pid) == 0
    shown_to_sam = shown_to_mum = store.aspirations_version(fresh_db, pid)
    assert store.save_aspirations(fresh_db, pid, {"employment": "Work with animals"}, by="young.sam",
                                  at="2026-11-23T10:15:00", expected_version=shown_to_sam) == 1
    with pytest.raises(store.ConflictError) as stale:
        store.save_aspirations(fresh_db, pid, {"employment": "Be a vet"}, by="parent.sam",
                               expected_version=shown_to_mum)
    assert stale.value.who == "young.sam" and "10:15 on 23 November 2026" in str(stale.value)
    assert "Nothing was saved" in str(stale.value)
    assert store.get_aspirations(fresh_db, pid) == {"employment": "Work with animals"}
    # Reloaded, the parent's save goes through.
    assert store.save_aspirations(fresh_db, pid, {"employment": "Be a vet"}, by="parent.sam",
                                  expected_version=store.aspirations_version(fresh_db, pid)) == 2


def test_two_saves_at_once_one_wins_and_the_other_is_told(tmp_path):
    path = tmp_path / "p.db"
    db = store.open_db(path)
    pid = _person(db)
    store.save_aspirations(db, pid, {"employment": "first words"}, by="setup")
    db.close()
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(who: str) -> None:
        conn = store.open_db(path)
        start.wait()
        try:
            store.save_aspirations(conn, pid, {"employment": f"{who}'s words"}, by=who, expected_version=1)
            outcomes[who] = "saved"
        except store.ConflictError:
            outcomes[who] = "refused"
        finally:
            conn.close()

    threads = [threading.Thread(target=save, args=(who,)) for who in ("sam", "mum")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(w for w, o in outcomes.items() if o == "saved")
    db = store.open_db(path)
    assert store.get_aspirations(db, pid) == {"employment": f"{winner}'s words"}
    assert store.aspirations_version(db, pid) == 2
    db.close()


def test_the_first_save_by_two_people_clashes_too(fresh_db):
    pid = _person(fresh_db)
    store.save_aspirations(fresh_db, pid, {"good_health": "Swim"}, by="sam", expected_version=0)
    with pytest.raises(store.ConflictError):
        store.save_aspirations(fresh_db, pid, {"good_health": "Run"}, by="mum", expected_version=0)
