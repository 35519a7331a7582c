"""The pupil's test (``/campagnes/<CODE>/parcours``) and a member's preview (``…/apercu``).

The same pages serve both: the rules, a challenge, the checkpoint every five answers, the end.
Every GET only reads (what to show comes from the stored assessment); every step is a POST that
carries the challenge id it answers and redirects (post/redirect/get), so a reload never submits
twice and a late or repeated submit is sent back to where the pupil is.
"""

from __future__ import annotations

from typing import Any

import bottle

from pixorga_core import paths
from pixorga_core.domain.campaigns import REPORT_TEXT_MAX
from pixorga_core.domain.referential import ChallengeType
from pixorga_core.errors import InvalidInputError, NotFoundError
from pixorga_core.services import assessments
from pixorga_core.services.assessments import Parcours, Step, Submission
from pixorga_reference_app import pages, rich_text
from pixorga_reference_app.context import AppContext, db, form
from pixorga_reference_app.routes.guards import require_user_id

KINDS = f"{paths.CAMPAIGN_TEST}|{paths.CAMPAIGN_PREVIEW}"
#: Fixed notices a redirect may ask the page to show (``?avis=``): never text from the request.
NOTICES = {
    "deja-repondu": assessments.NOT_CURRENT,
    "signalement": "Merci : votre signalement a été enregistré.",
    "envoye": "Vos résultats ont été envoyés à votre enseignant.",
}
TEMPLATES = {
    Step.RULES: "test_rules.tpl",
    Step.CHALLENGE: "test_challenge.tpl",
    Step.CHECKPOINT: "test_checkpoint.tpl",
    Step.END: "test_end.tpl",
}


def install(app: bottle.Bottle, ctx: AppContext) -> None:
    def load(code: str, kind: str) -> Parcours:
        user_id = require_user_id(ctx)
        if kind == paths.CAMPAIGN_PREVIEW:
            return assessments.find_preview(db(), ctx.hooks, code=code, user_id=user_id)
        try:
            return assessments.find_test(db(), ctx.hooks, code=code, user_id=user_id)
        except NotFoundError as exc:
            if exc.code == "NO_PARTICIPATION":
                pages.redirect(paths.campaign_landing(code))
            raise

    def home(parcours: Parcours, notice: str = "") -> str:
        path = paths.campaign_test_page(parcours.campaign.code, preview=parcours.is_preview)
        return paths.with_query(path, avis=notice)

    def render(parcours: Parcours, **values: Any) -> str:
        step = assessments.step_of(parcours)
        values.setdefault("notice", NOTICES.get(bottle.request.query.getunicode("avis") or ""))
        merged = {**_step_values(parcours, step), **values}
        return pages.page(
            TEMPLATES[step],
            title=parcours.title,
            parcours=parcours,
            action=lambda page: paths.campaign_test_page(
                parcours.campaign.code, page, preview=parcours.is_preview
            ),
            **merged,
        )

    @app.get(f"/campagnes/<code>/<kind:re:{KINDS}>")
    def show(code: str, kind: str) -> str:
        parcours = load(code, kind)
        if parcours.refusal is not None and assessments.step_of(parcours) is not Step.END:
            bottle.response.status = 403
            return pages.error_page(403, parcours.refusal)
        return render(parcours)

    @app.post(f"/campagnes/<code>/<kind:re:{KINDS}>/commencer")
    def start(code: str, kind: str) -> None:
        parcours = load(code, kind)
        assessments.start(db(), ctx.hooks, parcours)
        pages.redirect(home(parcours))

    @app.post(f"/campagnes/<code>/<kind:re:{KINDS}>/repondre")
    def answer(code: str, kind: str) -> None:
        parcours = load(code, kind)
        submission = Submission(
            challenge_id=form("challenge_id")[:200],
            skipped=form("action") == "passer",
            choices=tuple(str(v) for v in bottle.request.forms.getall("choix")),
            text=form("reponse"),
            fields={
                key[len("champ-") :]: form(key)
                for key in bottle.request.forms.keys()  # noqa: SIM118 - a MultiDict
                if key.startswith("champ-")
            },
        )
        try:
            outcome = assessments.answer(db(), ctx.hooks, parcours, submission)
        except InvalidInputError as exc:
            raise pages.refuse(render(parcours, error=exc.message, notice=None), exc) from exc
        notice = "deja-repondu" if outcome is assessments.AnswerOutcome.STALE else ""
        pages.redirect(home(parcours, notice))

    @app.post(f"/campagnes/<code>/<kind:re:{KINDS}>/continuer")
    def continue_test(code: str, kind: str) -> None:
        parcours = load(code, kind)
        assessments.continue_test(db(), ctx.hooks, parcours)
        pages.redirect(home(parcours))

    @app.post(f"/campagnes/<code>/<kind:re:{KINDS}>/signaler")
    def report(code: str, kind: str) -> None:
        parcours = load(code, kind)
        try:
            assessments.report_problem(
                db(), parcours, challenge_id=form("challenge_id")[:200], text=form("signalement")
            )
        except InvalidInputError as exc:
            raise pages.refuse(render(parcours, report_error=exc.message), exc) from exc
        pages.redirect(home(parcours, "signalement"))

    @app.post(f"/campagnes/<code>/<kind:re:{KINDS}>/envoyer")
    def share(code: str, kind: str) -> None:
        parcours = load(code, kind)
        assessments.share_results(db(), parcours)
        pages.redirect(home(parcours, "envoye"))

    @app.post(f"/campagnes/<code>/{paths.CAMPAIGN_PREVIEW}/recommencer")
    def restart(code: str) -> None:
        parcours = load(code, paths.CAMPAIGN_PREVIEW)
        assessments.restart_preview(db(), ctx.hooks, parcours)
        pages.redirect(home(parcours))


def _step_values(parcours: Parcours, step: Step) -> dict[str, Any]:
    values: dict[str, Any] = {
        "markdown": rich_text.markdown,
        "summary": rich_text.summary,
        "svg_data_uri": rich_text.svg_data_uri,
        "report_max": REPORT_TEXT_MAX,
        "ChallengeType": ChallengeType,
        "error": None,
        "report_error": None,
    }
    session = db()
    if step is Step.CHALLENGE:
        challenge = assessments.current_challenge(parcours)
        if challenge is None:  # the referential changed under a running test
            raise NotFoundError(assessments.UNKNOWN_CHALLENGE)
        assert parcours.assessment is not None
        values.update(
            challenge=challenge,
            number=parcours.assessment.answer_count + 1,
            order=assessments.shuffled(parcours, challenge),
            seconds_left=assessments.seconds_left(parcours, challenge),
        )
    elif step is Step.CHECKPOINT:
        values["reviews"] = assessments.review(session, parcours)
    elif step is Step.END:
        values["results"] = assessments.results(session, parcours)
        values["reviews"] = assessments.review(session, parcours, last=None)
    return values
