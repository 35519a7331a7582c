"""pixorga plugin: default usernames and one-time passwords for pupils' accounts.

The hook implementations live in :mod:`pixorga_login_generator.plugin`; the rules in
:mod:`pixorga_login_generator.usernames` and :mod:`pixorga_login_generator.passwords`.
"""

from __future__ import annotations
