"""Typed SQLAlchemy models. Separate from the domain types; repositories convert between them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import text as sa_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "naive datetimes are not stored: use datetime.now(UTC)"
            raise ValueError(msg)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


Str255 = Annotated[str, 255]
Str50 = Annotated[str, 50]
IntPK = Annotated[int, mapped_column(Integer, primary_key=True, autoincrement=True)]
Timestamp = Annotated[datetime, mapped_column(UTCDateTime())]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012
        Str255: String(255),
        Str50: String(50),
        datetime: UTCDateTime(),
        date: Date(),
        bool: Boolean(),
    }


class OrganizationRow(Base):
    __tablename__ = "organizations"

    id: Mapped[IntPK]
    name: Mapped[Str255]
    type: Mapped[Str50]
    uai: Mapped[Str50 | None] = mapped_column(index=True)
    email: Mapped[Str255 | None]
    is_managing_students: Mapped[bool] = mapped_column(default=False)
    identity_provider: Mapped[Str50 | None]
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[IntPK]
    first_name: Mapped[Str255]
    last_name: Mapped[Str255]
    #: Stored lower-cased; unique.
    email: Mapped[Str255 | None] = mapped_column(unique=True)
    #: Stored lower-cased; unique.
    username: Mapped[Str255 | None] = mapped_column(unique=True)
    cgu_accepted: Mapped[bool] = mapped_column(default=False)
    pix_orga_terms_accepted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    #: Carried in the browser session; bumped to end every session of the user (logout…).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")


class AuthenticationMethodRow(Base):
    __tablename__ = "authentication_methods"
    __table_args__ = (
        UniqueConstraint("user_id", "identity_provider"),
        UniqueConstraint("identity_provider", "external_identifier"),
    )

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    identity_provider: Mapped[Str50]
    password_hash: Mapped[Str255 | None]
    must_change_password: Mapped[bool] = mapped_column(default=False)
    external_identifier: Mapped[Str255 | None]
    external_first_name: Mapped[Str255 | None]
    external_last_name: Mapped[Str255 | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class UserLoginRow(Base):
    __tablename__ = "user_logins"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    failure_count: Mapped[int] = mapped_column(default=0)
    temporary_blocked_until: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    last_logged_at: Mapped[datetime | None]


class UnknownLoginRow(Base):
    """Failed attempts at a login (e-mail or username, lower-cased) that names no account."""

    __tablename__ = "unknown_logins"

    login: Mapped[Str255] = mapped_column(primary_key=True)
    failure_count: Mapped[int] = mapped_column(default=0)
    temporary_blocked_until: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(index=True)


class RequestThrottleRow(Base):
    """How many requests of one kind (``scope``) one key made in its current window.

    Throttles anonymous actions: « Demande d'accès administrateur » per client, « Mot de passe
    oublié » per client and per address. The key is stored as its SHA-256 (neither addresses
    nor e-mails are kept). A row whose window is over counts as absent and is purged.
    """

    __tablename__ = "request_throttles"

    scope: Mapped[str] = mapped_column(String(50), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_count: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(index=True)


class PasswordResetRow(Base):
    """A « Mot de passe oublié » link: only its token's hash; usable once, for one hour."""

    __tablename__ = "password_resets"

    id: Mapped[IntPK]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class MembershipRow(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("organization_id", "user_id"),)

    id: Mapped[IntPK]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Str50]
    disabled_at: Mapped[datetime | None]
    updated_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class UserOrgaSettingsRow(Base):
    """The organization a user works in now (they may belong to several)."""

    __tablename__ = "user_orga_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    current_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))


class InvitationRow(Base):
    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_organization_id_email", "organization_id", "email"),)

    id: Mapped[IntPK]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    email: Mapped[Str255]
    #: SHA-256 of the code (URL-safe base64); the code itself is never stored.
    code_hash: Mapped[Str50]
    role: Mapped[Str50 | None]
    status: Mapped[Str50]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    #: When the link stops working (administrator invitations); None: never.
    expires_at: Mapped[datetime | None]
    #: How it was asked for (``InvitationOrigin``); None for invitations made before 0012.
    origin: Mapped[Str50 | None]
    #: The administrator who invited (team invitations); None otherwise. A plain id, no foreign
    #: key: SQLite cannot add one to an existing table in place (migration 0012).
    invited_by_user_id: Mapped[int | None]


class OrganizationLearnerRow(Base):
    __tablename__ = "organization_learners"
    __table_args__ = (
        UniqueConstraint("organization_id", "national_student_id"),
        Index("ix_organization_learners_organization_id_birthdate", "organization_id", "birthdate"),
        # Import links accounts by INE across organizations (pix-rules §3.4).
        Index("ix_organization_learners_national_student_id", "national_student_id"),
    )

    id: Mapped[IntPK]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    national_student_id: Mapped[Str50]
    first_name: Mapped[Str255]
    middle_name: Mapped[Str255 | None]
    third_name: Mapped[Str255 | None]
    last_name: Mapped[Str255]
    preferred_last_name: Mapped[Str255 | None]
    sex: Mapped[Str50 | None]
    birthdate: Mapped[date | None]
    birth_city: Mapped[Str255 | None]
    birth_city_code: Mapped[Str50 | None]
    birth_province_code: Mapped[Str50 | None]
    birth_country_code: Mapped[Str50 | None]
    status: Mapped[Str50 | None]
    mef_code: Mapped[Str50 | None]
    division: Mapped[Str255 | None]
    is_disabled: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


def render_alembic_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Alembic autogenerate hook: write UTCDateTime as plain DateTime in migration files."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


class OrganizationImportRow(Base):
    """One import of pupils: who, when, which file, what it changed."""

    __tablename__ = "organization_imports"

    id: Mapped[IntPK]
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[Str50]
    file_name: Mapped[Str255 | None]
    status: Mapped[Str50]
    in_file: Mapped[int] = mapped_column(default=0)
    kept: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    disabled: Mapped[int] = mapped_column(default=0)
    reenabled: Mapped[int] = mapped_column(default=0)
    class_changes: Mapped[int] = mapped_column(default=0)
    warnings: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]


class OutboxMessageRow(Base):
    """A rendered message waiting to be delivered, or delivered (the outbox).

    Written in the same transaction as what it announces; sent after commit; retried with
    back-off until delivered. ``claimed_until`` is a lease: a sender claims a row (a conditional
    UPDATE) before delivering it, so two senders never deliver the same message.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[IntPK]
    kind: Mapped[Str50]
    recipient: Mapped[Str255]
    subject: Mapped[Str255]
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[Str50]
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[Str50 | None]
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"), index=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class CampaignRow(Base):
    """A campaign (pix-rules §7); ``code`` is unique across every organization, deleted too."""

    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_organization_id_name", "organization_id", "name"),)

    id: Mapped[IntPK]
    code: Mapped[Str50] = mapped_column(unique=True)
    name: Mapped[Str255]
    title: Mapped[Str255 | None]
    landing_text: Mapped[str | None] = mapped_column(Text)
    external_id_label: Mapped[Str255 | None]
    referential_id: Mapped[Str255]
    referential_version: Mapped[Str255]
    target_profile_id: Mapped[Str255]
    algorithm: Mapped[Str255]
    algorithm_options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    archived_at: Mapped[datetime | None]
    archived_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


_NOT_DELETED = "deleted_at IS NULL"


class CampaignParticipationRow(Base):
    """A pupil's participation: one per campaign and pupil (and per account) while not deleted."""

    __tablename__ = "campaign_participations"
    __table_args__ = (
        Index(
            "uq_campaign_participations_campaign_id_organization_learner_id",
            "campaign_id",
            "organization_learner_id",
            unique=True,
            sqlite_where=sa_text(_NOT_DELETED),
            postgresql_where=sa_text(_NOT_DELETED),
        ),
        Index(
            "uq_campaign_participations_campaign_id_user_id",
            "campaign_id",
            "user_id",
            unique=True,
            sqlite_where=sa_text(_NOT_DELETED),
            postgresql_where=sa_text(_NOT_DELETED),
        ),
        Index("ix_campaign_participations_campaign_id_status", "campaign_id", "status"),
    )

    id: Mapped[IntPK]
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    organization_learner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization_learners.id"), index=True
    )
    status: Mapped[Str50]
    external_id: Mapped[Str255 | None]
    created_at: Mapped[datetime]
    shared_at: Mapped[datetime | None]
    mastery_rate: Mapped[float | None] = mapped_column(Float)
    validated_skills_count: Mapped[int | None]
    total_skills_count: Mapped[int | None]
    pix_score: Mapped[int | None]
    #: Validated target skills per competence id, counted from the snapshot at sharing (the
    #: export reads it instead of the snapshot); None before sharing, and for participations
    #: shared before it was stored.
    validated_by_competence: Mapped[dict[str, int] | None] = mapped_column(JSON)
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AssessmentRow(Base):
    """The state of one test, in the database (never in a process).

    One assessment per participation; previews (``participation_id`` NULL) as many as wanted.
    """

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("participation_id"),
        Index("ix_assessments_campaign_id_user_id", "campaign_id", "user_id"),
    )

    id: Mapped[IntPK]
    participation_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_participations.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    #: Cleared when the campaign is deleted (participations anonymised).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_preview: Mapped[bool] = mapped_column(default=False)
    current_challenge_id: Mapped[Str255 | None]
    current_challenge_started_at: Mapped[datetime | None]
    answer_count: Mapped[int] = mapped_column(default=0)
    state: Mapped[Str50]
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class AnswerRow(Base):
    """One answer; the unique (assessment, challenge) makes a double submit store one."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "challenge_id"),)

    id: Mapped[IntPK]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    challenge_id: Mapped[Str255]
    status: Mapped[Str50]
    value: Mapped[str | None] = mapped_column(Text)
    time_spent: Mapped[int | None]
    timed_out: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class KnowledgeElementRow(Base):
    """What an answer established about one skill; one per (assessment, skill)."""

    __tablename__ = "knowledge_elements"
    __table_args__ = (UniqueConstraint("assessment_id", "skill_id"),)

    id: Mapped[IntPK]
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[Str255]
    status: Mapped[Str50]
    source: Mapped[Str50]
    earned_pix: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime]


class KnowledgeElementSnapshotRow(Base):
    """The knowledge elements of a participation as they were when its results were shared."""

    __tablename__ = "knowledge_element_snapshots"
    __table_args__ = (
        UniqueConstraint("participation_id", "skill_id"),
        # Covers the collective results' count of validated skills (read from the index only).
        Index(
            "ix_knowledge_element_snapshots_participation_id_status_skill_id",
            "participation_id",
            "status",
            "skill_id",
        ),
    )

    id: Mapped[IntPK]
    participation_id: Mapped[int] = mapped_column(ForeignKey("campaign_participations.id"))
    skill_id: Mapped[Str255]
    status: Mapped[Str50]
    source: Mapped[Str50]
    earned_pix: Mapped[float] = mapped_column(Float, default=0.0)
    snapshot_at: Mapped[datetime]


class ChallengeReportRow(Base):
    """« Signaler un problème » on a challenge."""

    __tablename__ = "challenge_reports"

    id: Mapped[IntPK]
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    challenge_id: Mapped[Str255] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]
