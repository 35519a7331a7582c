"""Registrars handed to the ``pixorga_register_*`` hooks, and the protocols of what they hold.

A registration hook receives one of these and calls ``add``; the registrar checks its own
invariants (a unique, well-formed name) so that a faulty plugin is named at start-up rather than
failing later in a request.
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generic, Protocol, TypeVar, runtime_checkable

from pixorga_core.errors import PluginError, ReferentialNotFoundError, TargetProfileNotFoundError

if TYPE_CHECKING:
    from pixorga_core.domain.assessments import AssessmentState
    from pixorga_core.domain.imports import ImportBatch
    from pixorga_core.domain.organizations import Organization
    from pixorga_core.domain.referential import Challenge, Referential, TargetProfile
    from pixorga_core.domain.sso import ExternalIdentity, LoginRedirect

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")


@runtime_checkable
class StudentSource(Protocol):
    """Reads pupils from one kind of school file (SIECLE XML, a CSV…)."""

    @property
    def name(self) -> str:
        """Stable identifier, lower-case (``"siecle-xml"``)."""

    @property
    def label(self) -> str:
        """French label shown to school users (``"SIECLE (ElevesSansAdresses.xml)"``)."""

    def accepts(self, head: bytes, filename: str) -> bool:
        """Tell from the first bytes (and, as a hint only, the file name) whether to read it."""

    def read(self, stream: BinaryIO, organization: Organization, filename: str) -> ImportBatch:
        """Read and validate every pupil; report problems in the batch rather than raising.

        ``filename`` is the name the user gave the file, for messages only.
        """


@runtime_checkable
class StudentSourceWithTemplate(StudentSource, Protocol):
    """A student source that also offers an empty file to fill in (the CSV template)."""

    def template_file(self) -> tuple[str, bytes]:
        """The file's download name and content."""


@runtime_checkable
class AssessmentAlgorithm(Protocol):
    """Chooses the next challenge of an adaptive test.

    ``name`` (the id a campaign names, e.g. ``"smart-random"``) and ``label`` (French, shown to
    teachers) may be plain or class attributes, or read-only properties.
    """

    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    def next_challenge(self, state: AssessmentState, rng: random.Random) -> Challenge | None:
        """Return the next challenge to propose, or None when the assessment is over.

        All randomness must come from ``rng`` so that a run can be replayed from its seed.
        """


@runtime_checkable
class AbilityEstimator(Protocol):
    """Optional extra of an :class:`AssessmentAlgorithm`: its estimate of the pupil's ability.

    The simulator (``pixorga simulate``) scores this estimate and uses it to decide mastery of
    skills the assessment did not settle.
    """

    def estimate_ability(self, state: AssessmentState) -> float:
        """The ability θ on the scale of the challenges' IRT difficulties (level − 4.5)."""


@runtime_checkable
class PrecisionEstimator(Protocol):
    """Optional extra of an :class:`AbilityEstimator`: the standard error of its estimate.

    The simulator reports its mean at the end of the assessments, and writes it at every step.
    """

    def standard_error(self, state: AssessmentState) -> float:
        """The standard error of :meth:`AbilityEstimator.estimate_ability` on ``state``."""


@runtime_checkable
class ConfigurableAlgorithm(Protocol):
    """Optional extra of an :class:`AssessmentAlgorithm`: a copy with other options.

    A campaign's options and ``pixorga simulate --algorithm NAME:option=value,…`` go through it.
    Values may be text (from the command line): the algorithm converts them.
    """

    def with_options(self, overrides: Mapping[str, Any], *, origin: str = ...) -> Any:
        """The algorithm with ``overrides`` applied; ConfigurationError names a bad one."""


@runtime_checkable
class IdentityProvider(Protocol):
    """A single sign-on provider (the GAR SAML IdP, an academy's own…).

    ``name`` is its registry name, the ``<name>`` of its routes (``/sso/<name>/login``) and the
    ``identity_provider`` stored on the authentication methods it creates; ``pix`` is reserved
    for passwords. ``label`` is French, shown on the login page.
    """

    name: str
    label: str

    def login_redirect(self, relay_state: str | None) -> LoginRedirect:
        """Where to send the browser to start a login, and the state to check the answer with.

        The app keeps :attr:`LoginRedirect.state <pixorga_core.domain.sso.LoginRedirect.state>`
        in the user's session until the provider posts back.
        """

    def complete_login(self, form: Mapping[str, str], state: Mapping[str, str]) -> ExternalIdentity:
        """Validate what the provider posted back and return the identity it asserts.

        ``state`` is the mapping the matching :meth:`login_redirect` returned, kept by the app
        (empty when the session holds none: a login the app did not start, an expired
        session). Raise :class:`pixorga_core.errors.AuthenticationError` when the response is
        not valid or does not answer that state.
        """

    def metadata(self) -> bytes | None:
        """Return this service provider's metadata document, if the protocol has one."""


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_T = TypeVar("_T", bound=_Named)


class Registry(Generic[_T]):
    """Things registered under unique names, in registration order."""

    kind: str = "item"
    #: How messages introduce a key: "no assessment algorithm named 'x'".
    key_phrase: str = "named"

    def __init__(self) -> None:
        self._items: dict[str, _T] = {}

    def key_of(self, item: _T) -> str:
        """The key ``item`` is registered under: its ``name``, matching ``[a-z][a-z0-9_-]*``."""
        name = getattr(item, "name", None)
        if not isinstance(name, str) or not _NAME.match(name):
            msg = f"{self.kind} {item!r} has no valid name (lower-case letters, digits, - and _)"
            raise PluginError(msg)
        return name

    def add(self, item: _T) -> None:
        """Register ``item`` under :meth:`key_of`, which must be new."""
        name = self.key_of(item)
        if name in self._items:
            msg = f"{self.kind} {name!r} is registered twice"
            raise PluginError(msg, plugin=name)
        self._items[name] = item

    def get(self, name: str) -> _T:
        """The item registered under ``name``; :class:`PluginError` names the registered ones."""
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(self._items) or "none"
            msg = f"no {self.kind} {self.key_phrase} {name!r} (registered: {known})"
            raise PluginError(msg) from None

    def names(self) -> list[str]:
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[_T]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)


class StudentSourceRegistry(Registry[StudentSource]):
    """Student sources; the first whose ``accepts`` says yes reads a file."""

    kind = "student source"

    def source_for(self, head: bytes, filename: str) -> StudentSource | None:
        for source in self:
            if source.accepts(head, filename):
                return source
        return None


class AlgorithmRegistry(Registry[AssessmentAlgorithm]):
    """Adaptive algorithms a campaign may name."""

    kind = "assessment algorithm"
    #: Configured algorithms (a campaign's options) one registry keeps.
    configured_cache_size = 64

    def __init__(self) -> None:
        super().__init__()
        self._configured: OrderedDict[tuple[str, str], AssessmentAlgorithm] = OrderedDict()
        self._lock = threading.Lock()

    def configured(self, name: str, options: Mapping[str, Any]) -> AssessmentAlgorithm:
        """The algorithm ``name`` with a campaign's ``options`` applied (its ``with_options``)
        over those of the settings; the registered one itself without options.

        The same options give the same instance (the most recent
        :attr:`configured_cache_size` are kept), so that its caches serve every assessment of
        the campaign.

        :raises PluginError: no such algorithm, or options for one that takes none.
        :raises ConfigurationError: an unknown option or a bad value, named.
        """
        algorithm = self.get(name)
        if not options:
            return algorithm
        key = (name, json.dumps(dict(options), sort_keys=True, default=str))
        with self._lock:
            found = self._configured.get(key)
            if found is not None:
                self._configured.move_to_end(key)
                return found
        if not isinstance(algorithm, ConfigurableAlgorithm):
            msg = f"{self.kind} {name!r} takes no options (given: {', '.join(sorted(options))})"
            raise PluginError(msg, plugin=name)
        made = algorithm.with_options(options, origin="the campaign's options")
        with self._lock:
            found = self._configured.setdefault(key, made)
            while len(self._configured) > self.configured_cache_size:
                self._configured.popitem(last=False)
        return found


#: Provider names no plugin may register: ``pix`` names pixorga's own passwords.
RESERVED_IDENTITY_PROVIDER_NAMES = frozenset({"pix"})


class IdentityProviderRegistry(Registry[IdentityProvider]):
    """Single sign-on providers, mounted by the web app under ``/sso/<name>/…``.

    Providers are named by the name they are registered under; ``pix`` is refused.
    """

    kind = "identity provider"

    def add(self, item: IdentityProvider) -> None:
        name = getattr(item, "name", None)
        if name in RESERVED_IDENTITY_PROVIDER_NAMES:
            msg = (
                f"{self.kind} name {name!r} is reserved (pixorga's own passwords); "
                "register the provider under another name"
            )
            raise PluginError(msg, plugin=name)
        super().add(item)


class ReferentialRegistry(Registry["Referential"]):
    """Competence referentials, by ``id``, and the target profiles they publish.

    :meth:`get` is for names the configuration or a command gives (:class:`PluginError`);
    :meth:`find_referential` and :meth:`find_target_profile` are for ids a use case receives
    (a campaign's), and raise :class:`~pixorga_core.errors.NotFoundError` subclasses with a
    French message.
    """

    kind = "referential"
    key_phrase = "with id"

    def key_of(self, item: Referential) -> str:
        """A referential is registered under its ``id`` (checked by the referential format)."""
        return item.id

    def find_referential(self, referential_id: str) -> Referential:
        """The referential ``referential_id``.

        :raises ReferentialNotFoundError: none is registered under that id.
        """
        try:
            return self._items[referential_id]
        except KeyError:
            raise ReferentialNotFoundError(referential_id) from None

    def target_profiles(self) -> list[tuple[Referential, TargetProfile]]:
        """Every target profile with its referential, in registration then file order."""
        return [(r, profile) for r in self for profile in r.target_profiles]

    def find_target_profile(
        self, profile_id: str, *, referential_id: str | None = None
    ) -> tuple[Referential, TargetProfile]:
        """The target profile ``profile_id`` and its referential.

        Looked for in ``referential_id`` when given, else across every registered referential.

        :raises ReferentialNotFoundError: ``referential_id`` is not registered.
        :raises TargetProfileNotFoundError: no referential has the profile, or (without
            ``referential_id``) several have one with that id: ``holders`` names them.
        """
        if referential_id is not None:
            referential = self.find_referential(referential_id)
            profile = referential.target_profiles_by_id.get(profile_id)
            if profile is None:
                raise TargetProfileNotFoundError(profile_id, referential_id=referential_id)
            return referential, profile
        found = [(r, p) for r, p in self.target_profiles() if p.id == profile_id]
        if len(found) != 1:
            raise TargetProfileNotFoundError(profile_id, holders=[r.id for r, _ in found])
        return found[0]
