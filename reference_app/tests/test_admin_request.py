"""« Demande d'accès administrateur » through the app: only the UAI is asked, nothing typed
goes into the e-mail, throttled per client (the connection's address, never X-Forwarded-For),
and an expired administrator link gets a clear French page."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from pixorga_core.storage.models import InvitationRow
from pixorga_core.testing import table_snapshot

ADMIN_REQUEST = "/demande-administration-sco"


def text(page) -> str:
    return page.html.get_text(" ", strip=True)


TABLES = ("invitations", "outbox_messages", "request_throttles")


@pytest.fixture
def schools_(factories, session):
    first = factories.organization(name="Lycée Pix", uai="0752387M", email="ce@ac-paris.fr")
    others = [factories.organization() for _ in range(6)]
    session.commit()
    return [first, *others]


def ask(web, uai: str, status: int = 200, **headers: str):
    form = web.get(ADMIN_REQUEST).forms[0]
    form["uai"] = uai
    return form.submit(status=status, headers=headers)


def test_the_form_asks_only_the_uai_and_the_mail_carries_no_typed_text(
    web, schools_, mailbox, sessions
):
    page = web.get("/connexion").click("Demande d'accès administrateur")
    form = page.forms[0]
    assert {name for name in form.fields if name not in {"csrf_token", None}} == {"uai"}
    assert "boîte e-mail officielle de l'établissement" in text(page)
    form["uai"] = "0752387N"
    before = table_snapshot(sessions, *TABLES)
    refused = form.submit(status=422)
    assert "L'UAI/RNE 0752387N de l'établissement n'est pas reconnu" in text(refused)
    assert table_snapshot(sessions, *TABLES) == before
    sent = ask(web, " 0752387m ")
    assert "ce@ac-paris.fr" in text(sent)
    [mail] = mailbox.delivered
    assert mail.recipient == "ce@ac-paris.fr"
    assert "reason: admin_request" in mail.text
    assert "request_page: http://localhost/demande-administration-sco" in mail.text
    assert "requester" not in mail.text


def test_a_client_is_refused_after_five_requests_an_hour(web, schools_, mailbox, sessions):
    # Six different schools (so the once-a-minute per school does not interfere), and a new
    # X-Forwarded-For each time: the client is the connection, not what it claims.
    for n, school in enumerate(schools_[:5]):
        ask(web, school.uai, **{"X-Forwarded-For": f"203.0.113.{n}"})
    before = table_snapshot(sessions, *TABLES)
    refused = ask(web, schools_[5].uai, status=429, **{"X-Forwarded-For": "203.0.113.99"})
    assert "5 au plus par heure" in text(refused)
    assert table_snapshot(sessions, *TABLES) == before
    assert len(mailbox.delivered) == 5
    other = web.get(ADMIN_REQUEST, extra_environ={"REMOTE_ADDR": "192.0.2.1"}).forms[0]
    other["uai"] = schools_[5].uai
    other.submit(extra_environ={"REMOTE_ADDR": "192.0.2.1"})
    assert len(mailbox.delivered) == 6


def test_an_expired_administrator_link_says_to_ask_again(web, schools_, mailbox, sessions):
    ask(web, "0752387M")
    [link] = mailbox.links()
    with sessions() as s, s.begin():
        row = s.scalars(sa.select(InvitationRow)).one()
        row.expires_at = row.created_at - timedelta(seconds=1)
    parts = urlsplit(link)
    page = web.get(f"{parts.path}?{parts.query}", status=410)
    assert "Ce lien d'invitation a expiré" in text(page)
    assert "nouvelle demande d'accès administrateur" in text(page)
    assert page.html.select_one(f'a[href="{ADMIN_REQUEST}"]') is not None
