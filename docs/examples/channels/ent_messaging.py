"""A delivery channel for an ENT's internal messaging (an example for the documentation).

Messages to addresses of the ENT's domain go to the ENT's messaging API; anything else is left
to the next channel (the ``email_invite`` plugin's SMTP). The options come from the
``[plugins.ent_messaging]`` table of the settings file.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from pixorga_core import Settings, hookimpl
from pixorga_core.domain.messages import DeliveryResult, OutboundMessage

NAME = "ent_messaging"


@hookimpl(tryfirst=True)
def pixorga_deliver_message(message: OutboundMessage, settings: Settings) -> DeliveryResult | None:
    options = settings.plugin_options(NAME)
    domain = options.get("domain")
    if not domain or not message.recipient.endswith("@" + domain):
        return None  # not ours: the next channel (SMTP) delivers it
    payload = {
        "to": message.recipient,
        "subject": message.subject,
        "body": message.text,
        "html": message.html,
        "idempotency_key": message.message_id,  # the same at every retry
    }
    request = urllib.request.Request(  # noqa: S310 - the URL comes from the operator's settings
        options["api_url"],
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {options['token']}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310
            pass
    except urllib.error.HTTPError as exc:
        # 4xx: the ENT refuses this message for good; 5xx: try again later.
        return DeliveryResult(
            channel=NAME, delivered=False, detail=f"HTTP {exc.code}", retryable=exc.code >= 500
        )
    except OSError as exc:  # unreachable, timeout
        return DeliveryResult(channel=NAME, delivered=False, detail=str(exc))
    return DeliveryResult(channel=NAME, delivered=True)
