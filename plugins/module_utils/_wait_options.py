# -*- coding: utf-8 -*-
# Copyright: contributors to the backupops.commvault collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec and validation of the options that make a module wait for jobs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math

DEFAULT_WAIT_TIMEOUT = 3600
DEFAULT_POLL_INTERVAL = 15
DEFAULT_VISIBILITY_GRACE = 60


def wait_argument_spec():
    """Return a new copy of the wait, wait_timeout and poll_interval options."""
    return dict(
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="float", default=DEFAULT_WAIT_TIMEOUT),
        poll_interval=dict(type="float", default=DEFAULT_POLL_INTERVAL),
    )


def visibility_grace_argument_spec():
    """Return a new copy of the visibility_grace option, for modules that wait on given ids."""
    return dict(
        visibility_grace=dict(type="float", default=DEFAULT_VISIBILITY_GRACE),
    )


def check_wait_options(params):
    """Return an error message for an invalid waiting option value, or None.

    Only the options present in params are checked, so a module may use
    wait_argument_spec() without visibility_grace_argument_spec().
    """
    for name in ("wait_timeout", "poll_interval"):
        value = params.get(name)
        if value is not None and not (math.isfinite(value) and value > 0):
            return "%s must be a number of seconds greater than 0, got %s" % (name, value)

    value = params.get("visibility_grace")
    if value is not None and not (math.isfinite(value) and value >= 0):
        return "visibility_grace must be a number of seconds, 0 or more, got %s" % value

    return None
