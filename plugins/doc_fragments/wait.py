# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Whether to wait until the jobs finish.
      - Jobs that are C(Waiting), C(Pending), C(Queued) or C(Suspended) are still active,
        so the module keeps waiting for them. Several databases of one RAC pseudo-client
        share its job limits, so a job can stay queued for a long time.
    type: bool
    default: false
  wait_timeout:
    description:
      - Maximum seconds to wait for the jobs to finish, when O(wait=true).
      - This is separate from O(request_timeout), which limits one HTTP request.
      - When the time runs out, the module reports the last status of each job and leaves
        the jobs running.
      - Must be greater than 0.
    type: float
    default: 3600
  poll_interval:
    description:
      - Seconds between two status checks while waiting, when O(wait=true).
      - The last sleep is shortened so that the wait never passes O(wait_timeout).
      - Must be greater than 0. Short intervals add load on the CommServe.
    type: float
    default: 15
"""

    VISIBILITY_GRACE = r"""
options:
  visibility_grace:
    description:
      - Seconds, counted from the start of the wait, during which a job id that the
        CommServe does not list yet is looked up again before it is reported as missing.
      - Right after a job starts, the CommServe can return no row for it for a few seconds.
      - Used only when O(wait=true). Must be 0 or more.
    type: float
    default: 60
"""
