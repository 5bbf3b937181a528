"""Email alerts for readers, as GOV.UK's email-alert-api gives them.

A reader subscribes to a filter of the news list — a language and, optionally, an agency, a region and a section
(a ``SubscriberList``, keyed by those criteria like GOV.UK's lists keyed by tags) — with double opt-in: the form
sends a signed, expiring link and nothing is stored or sent until it is followed (``subscriptions``). Releases
that become public are mailed once to each confirmed subscription, right after a publication commits or in a
daily digest, one message per subscriber per batch, with RFC 8058 one-click unsubscribe (``sending``); the
``Delivery`` log keeps anything from going out twice. Models live in ``models`` (``articles.models`` imports them).
"""
