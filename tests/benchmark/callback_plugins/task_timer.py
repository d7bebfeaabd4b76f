# -*- coding: utf-8 -*-
"""Record when each task starts, so the benchmark can tell where a playbook spends time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: task_timer
type: aggregate
short_description: Write the start time of every task to a JSON file
description:
  - Writes a list of tasks with their start time and duration (until the next task or
    the end of the run) to the file named by the BENCHMARK_TASK_TIMES environment
    variable. Does nothing when that variable is unset.
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._path = os.environ.get("BENCHMARK_TASK_TIMES")
        self._tasks = []

    def _start(self, name):
        self._tasks.append({"name": name, "start": time.time()})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task.get_name())

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task.get_name())

    def v2_playbook_on_stats(self, stats):
        if not self._path:
            return

        end = time.time()
        for index, task in enumerate(self._tasks):
            following = self._tasks[index + 1]["start"] if index + 1 < len(self._tasks) else end
            task["seconds"] = following - task["start"]
        with open(self._path, "w", encoding="utf-8") as handle:
            json.dump({"end": end, "tasks": self._tasks}, handle, indent=1)
