"""The player page shows the explanatory statement beside the audio."""

from __future__ import annotations

from onrecord.disclosure.statement import revise_statement
from onrecord.vault.models import Recording
from tests.disclosure.conftest import run_meeting
from tests.support.personas import World


def test_the_player_shows_the_statement(world: World, recording: Recording) -> None:
    run_meeting(world)
    revise_statement(recording, by=world.users["chair"], notes="Checked against my notes.")
    page = world.client_for("social_worker").get(f"/recordings/{recording.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Explanatory statement" in html
    assert "Version 2, corrected by the chair" in html
    assert "Eastmere Civic Centre, Room 2" in html
    assert "10:02 to 11:47" in html
    assert "Social worker" in html
    assert "Checked against my notes." in html
