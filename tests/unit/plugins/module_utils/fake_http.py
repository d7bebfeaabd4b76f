# -*- coding: utf-8 -*-
"""A scripted requests transport adapter that replaces a CommServe in unit tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

BASE_URL = "https://cs.test/commandcenter/api"


class RecordedRequest:
    """One request the fake received, with its path, query, headers and JSON body."""

    def __init__(self, prepared):
        parts = urlsplit(prepared.url)
        self.method = prepared.method
        self.url = prepared.url
        self.path = parts.path[len(urlsplit(BASE_URL).path):]
        self.query = parse_qs(parts.query)
        self.headers = dict(prepared.headers)
        self.raw_body = prepared.body
        self.body = json.loads(prepared.body) if prepared.body else None


class FakeCommServe(BaseAdapter):
    """Replies to each (method, path) with scripted replies, repeating the last one.

    A reply is (status, body) with a dict or str body, (status, body, headers), or an
    exception instance to raise.
    """

    def __init__(self):
        super(FakeCommServe, self).__init__()
        self.routes = {}
        self.requests = []

    def add(self, method, path, *replies):
        self.routes[(method, path)] = list(replies)
        return self

    def calls(self, method, path):
        return [r for r in self.requests if r.method == method and r.path == path]

    def send(self, request, **kwargs):
        recorded = RecordedRequest(request)
        self.requests.append(recorded)

        replies = self.routes.get((recorded.method, recorded.path))
        if not replies:
            return make_response(request, 404, "No route %s %s" % (recorded.method, recorded.path))
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, BaseException):
            raise reply
        return make_response(request, *reply)

    def close(self):
        pass


def make_response(request, status, body, headers=None):
    response = requests.Response()
    response.status_code = status
    response.request = request
    response.url = request.url
    response.encoding = "utf-8"
    response.headers = CaseInsensitiveDict(headers or {})
    if isinstance(body, (dict, list)):
        response._content = json.dumps(body).encode("utf-8")
        response.headers.setdefault("Content-Type", "application/json")
    else:
        response._content = body.encode("utf-8")
        response.headers.setdefault("Content-Type", "text/plain")
    return response


class FakeClock:
    """A monotonic clock that only moves when the fake sleep is called."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def mount(client, fake):
    client.session.mount("https://", fake)
    client.session.mount("http://", fake)
    return fake
