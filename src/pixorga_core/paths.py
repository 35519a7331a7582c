"""The public paths of the web app, in one place: every URL pixorga builds comes from here.

The core builds links for e-mails (the invitation link, later the campaign link) and the web app
builds its redirects and page links with the same functions, so that a path is written once. The
route patterns of the reference app (``/etablissements/<organization_id:int>/…``) follow them.
Query values are encoded; a path never carries text typed by a user unencoded.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

__all__ = [
    "ADMIN_REQUEST",
    "CAMPAIGN_ANALYSIS",
    "CAMPAIGN_CODE",
    "CAMPAIGN_COLLECTIVE_RESULTS",
    "CAMPAIGN_EXPORT",
    "CAMPAIGN_PARTICIPANTS",
    "CAMPAIGN_PREVIEW",
    "CAMPAIGN_TEST",
    "CHOOSER",
    "CURRENT_CAMPAIGNS",
    "DOCUMENTATION",
    "HOME",
    "INVITATION",
    "INVITATION_ACCEPT",
    "INVITATION_LOGIN",
    "INVITATION_SIGN_UP",
    "LOGIN",
    "LOGOUT",
    "MY_CAMPAIGNS",
    "ORGA_HOME",
    "PASSWORD_FORGOTTEN",
    "PASSWORD_RESET",
    "SIGN_UP",
    "TERMS",
    "absolute",
    "campaign",
    "campaign_analysis",
    "campaign_collective_results",
    "campaign_export",
    "campaign_join",
    "campaign_landing",
    "campaign_link",
    "campaign_participant",
    "campaign_participants",
    "campaign_preview",
    "campaign_test",
    "campaign_test_page",
    "campaigns",
    "invitation",
    "invitation_link",
    "learners",
    "login",
    "organization",
    "organization_home",
    "password_reset",
    "password_reset_link",
    "team",
    "terms",
    "with_query",
]

HOME = "/"
LOGIN = "/connexion"
SIGN_UP = "/inscription"
LOGOUT = "/deconnexion"
TERMS = "/cgu"
CHOOSER = "/choisir-etablissement"
#: The current organization's campaigns (the page after login).
CURRENT_CAMPAIGNS = "/campagnes"
DOCUMENTATION = "/documentation"
#: « Demande d'accès administrateur », no login needed.
ADMIN_REQUEST = "/demande-administration-sco"
#: The page an invitation link opens (``?invitation=<id>&code=<code>``), and its sub-pages
#: (``/inscription``, ``/connexion``, ``/accepter``).
INVITATION = "/rejoindre"
INVITATION_SIGN_UP = f"{INVITATION}/inscription"
INVITATION_LOGIN = f"{INVITATION}/connexion"
INVITATION_ACCEPT = f"{INVITATION}/accepter"
#: The page under ``/campagnes/<CODE>`` where a member runs the campaign as a preview.
CAMPAIGN_PREVIEW = "apercu"
#: The page under ``/campagnes/<CODE>`` where the pupil's test runs (rules, challenges, end).
CAMPAIGN_TEST = "parcours"
#: The tabs of a campaign's page in Pix Orga, under ``/etablissements/<id>/campagnes/<id>/``.
CAMPAIGN_PARTICIPANTS = "participants"
CAMPAIGN_COLLECTIVE_RESULTS = "resultats-collectifs"
CAMPAIGN_ANALYSIS = "analyse"
#: « Exporter résultats (.csv) »: the CSV download of a campaign's results.
CAMPAIGN_EXPORT = "resultats.csv"
#: « J'ai un code »: the form of the home page sends the typed code here (``?code=…``).
CAMPAIGN_CODE = "/code-parcours"
#: « Mes parcours »: a logged-in pupil's participations.
MY_CAMPAIGNS = "/mes-parcours"
#: The current organization's home page (« Premiers pas », then the campaigns' summary).
ORGA_HOME = "/accueil"
#: « Mot de passe oublié »: the form asking for the address, no login needed.
PASSWORD_FORGOTTEN = "/mot-de-passe-oublie"  # noqa: S105 - a path
#: The page a reset link opens (``?jeton=<token>``), where the new password is chosen.
PASSWORD_RESET = "/nouveau-mot-de-passe"  # noqa: S105 - a path


def with_query(path: str, **params: object) -> str:
    """``path`` with the non-empty ``params`` as its query string (in the order given)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def absolute(base_url: str, path: str) -> str:
    """``path`` on the web app published at ``base_url`` (for e-mails)."""
    return base_url.rstrip("/") + path


def login(next_path: str | None = None) -> str:
    """The login page, coming back to ``next_path`` after."""
    return f"{LOGIN}?suivant={quote(next_path, safe='')}" if next_path else LOGIN


def terms(next_path: str | None = None) -> str:
    """The Pix Orga terms of use, going on to ``next_path`` once accepted."""
    return f"{TERMS}?suivant={quote(next_path, safe='')}" if next_path else TERMS


def invitation(invitation_id: int, code: str, path: str = INVITATION) -> str:
    """The invitation page, or another of its pages (:data:`INVITATION_SIGN_UP`…), for one
    invitation."""
    return with_query(path, invitation=invitation_id, code=code)


def invitation_link(base_url: str, invitation_id: int, code: str) -> str:
    """The one-time link of an invitation, on the web app at ``base_url``."""
    return absolute(base_url, invitation(invitation_id, code))


def password_reset(token: str) -> str:
    """The page of one « Mot de passe oublié » link."""
    return with_query(PASSWORD_RESET, jeton=token)


def password_reset_link(base_url: str, token: str) -> str:
    """The single-use link of a password reset, on the web app at ``base_url``."""
    return absolute(base_url, password_reset(token))


def organization_home(organization_id: int) -> str:
    """An organization's home page in Pix Orga (« Premiers pas »)."""
    return organization(organization_id, "accueil")


def organization(organization_id: int, section: str = "") -> str:
    """A page of an organization's Pix Orga space (``section``: ``campagnes``, ``eleves``…)."""
    base = f"/etablissements/{organization_id}"
    return f"{base}/{section}" if section else base


def campaigns(organization_id: int, page: str = "", /, **params: object) -> str:
    """The « Campagnes » list (``page``: ``creer``), with ``params`` (``filtre``…)."""
    section = f"campagnes/{page}" if page else "campagnes"
    return with_query(organization(organization_id, section), **params)


def campaign(organization_id: int, campaign_id: int, page: str = "") -> str:
    """A campaign's page in Pix Orga (``page``: ``modifier``, ``archiver``, ``supprimer``…)."""
    base = organization(organization_id, f"campagnes/{campaign_id}")
    return f"{base}/{page}" if page else base


def campaign_participants(organization_id: int, campaign_id: int, /, **params: object) -> str:
    """The « Participants » tab, with ``params`` (``classe``, ``statut``, ``nom``, ``page``…)."""
    return with_query(campaign(organization_id, campaign_id, CAMPAIGN_PARTICIPANTS), **params)


def campaign_participant(organization_id: int, campaign_id: int, participation_id: int) -> str:
    """One participant's result in a campaign."""
    page = f"{CAMPAIGN_PARTICIPANTS}/{participation_id}"
    return campaign(organization_id, campaign_id, page)


def campaign_collective_results(organization_id: int, campaign_id: int, /, **params: object) -> str:
    """The « Résultats collectifs » tab (``params``: ``classe``)."""
    page = CAMPAIGN_COLLECTIVE_RESULTS
    return with_query(campaign(organization_id, campaign_id, page), **params)


def campaign_analysis(organization_id: int, campaign_id: int, /, **params: object) -> str:
    """The « Analyse » tab (``params``: ``classe``)."""
    return with_query(campaign(organization_id, campaign_id, CAMPAIGN_ANALYSIS), **params)


def campaign_export(organization_id: int, campaign_id: int, /, **params: object) -> str:
    """« Exporter résultats (.csv) »: the CSV file of the campaign's results (``params``: the
    export's options)."""
    return with_query(campaign(organization_id, campaign_id, CAMPAIGN_EXPORT), **params)


def campaign_landing(code: str, page: str = "") -> str:
    """The pupils' page of a campaign (``/campagnes/<CODE>``), or one of its pages."""
    base = f"{CURRENT_CAMPAIGNS}/{quote(code, safe='')}"
    return f"{base}/{page}" if page else base


def campaign_link(base_url: str, code: str) -> str:
    """The direct link a teacher gives the pupils, on the web app at ``base_url``."""
    return absolute(base_url, campaign_landing(code))


def campaign_preview(code: str) -> str:
    """« Tester la campagne »: the campaign's test run as a preview by a member."""
    return campaign_landing(code, CAMPAIGN_PREVIEW)


def campaign_test(code: str) -> str:
    """The test of a campaign (``/campagnes/<CODE>/parcours``): where a pupil who has a
    participation is sent, and comes back to (« Reprendre »)."""
    return campaign_landing(code, CAMPAIGN_TEST)


def campaign_test_page(code: str, page: str = "", *, preview: bool = False) -> str:
    """A page or action of the test (``page``: ``commencer``, ``repondre``, ``continuer``,
    ``signaler``, ``envoyer``, ``recommencer``), of the pupil's test or of the preview."""
    base = campaign_preview(code) if preview else campaign_test(code)
    return f"{base}/{page}" if page else base


def campaign_join(code: str, page: str = "rejoindre") -> str:
    """A page of the pupil's way in (``rejoindre``: the identity declaration; ``inscription``:
    the account; ``identifiant``: the external identifier; ``ce-n-est-pas-moi``)."""
    return campaign_landing(code, page)


def learners(organization_id: int, page: str = "", /, **params: object) -> str:
    """The pupil list (``page``: ``import``, ``import/confirmer``…), with ``params``."""
    section = f"eleves/{page}" if page else "eleves"
    return with_query(organization(organization_id, section), **params)


def team(organization_id: int, page: str = "", /, **params: object) -> str:
    """The « Équipe » page (``page``: ``inviter``, ``quitter``…), with ``params``."""
    section = f"equipe/{page}" if page else "equipe"
    return with_query(organization(organization_id, section), **params)
