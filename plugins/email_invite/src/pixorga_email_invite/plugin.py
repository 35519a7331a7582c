"""Hook implementations of the ``email_invite`` plugin — none yet.

In later issues this module will implement exactly three hooks:

* :func:`~pixorga_core.hooks.pixorga_render_message` — render invitations and account notices
  from French plain-text and HTML templates;
* :func:`~pixorga_core.hooks.pixorga_deliver_message` — send a rendered message over SMTP
  (standard library ``smtplib``), configured from the settings;
* :func:`~pixorga_core.hooks.pixorga_account_created` — send the "account created" message when
  the new account has an e-mail address.

The templates and the SMTP channel will live in their own modules of this package; this module
will only forward to them.
"""

from __future__ import annotations
