"""articles.public.alerts: readers' email alerts, mailed through a real SMTP server on loopback (aiosmtpd)."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles.editorial.workflow import transition
from articles.models import Article, ArticleTranslation, Delivery, LiveVersion, SubscriberList, Subscription
from articles.public.alerts import sending, subscriptions
from tests.factories import AgencyFactory, RegionFactory, SubscriberListFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def links(message):
    return re.findall(r"https://press\.example\.kz\S+", text_of(message))


def published(make_article, minutes_ago=5, **fields):
    """A public release, made live ``minutes_ago`` (after the factory subscriptions' confirmation)."""
    fields.setdefault("versions", {"en": None})
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return make_article(status=Status.PUBLISHED, **fields)


def subscribe_through_the_site(client, inbox, capture, path, email, frequency="immediate", **query):
    """Fill in the subscribe form at ``path`` and return the link of the confirmation mail (queued after the
    request's commit: ``capture`` is django_capture_on_commit_callbacks)."""
    page = client.get(path, query)
    assert page.status_code == 200
    with capture(execute=True):
        response = client.post(path, {"email": email, "frequency": frequency, **query})
    assert response.status_code == 302
    return confirmation_link(inbox.to(email)[-1])


def confirmation_link(message):
    return next(link for link in links(message) if "/alerts/confirm/" in link)


# Subscribing: double opt-in


def test_the_form_sends_a_confirmation_and_stores_nothing_until_the_link_is_followed(
        client, smtp_server, make_article, django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    link = subscribe_through_the_site(client, smtp_server, django_capture_on_commit_callbacks, "/ru/alerts/",
                                      "Reader@Example.kz", agency=agency.slug)
    message = smtp_server[0]
    assert message["To"] == "reader@example.kz" and message["Content-Language"] == "ru"
    assert message["Subject"] == "Подтвердите подписку на рассылку"
    assert agency.name_ru in text_of(message) and link in html_of(message)
    assert link.startswith("https://press.example.kz/ru/alerts/confirm/")
    assert not Subscription.objects.exists() and not SubscriberList.objects.exists()
    published(make_article, agency=agency, versions={"ru": "До подтверждения"})
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.send_due() == 0

    path = link.removeprefix("https://press.example.kz")
    page = client.get(path)
    assert "Подтвердить подписку" in page.content.decode() and not Subscription.objects.exists()
    confirmed = client.post(path)
    assert confirmed.status_code == 200 and "Вы подписаны" in confirmed.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.kz" and subscription.subscriber_list.agency == agency
    assert subscription.subscriber_list.language == "ru" and subscription.active
    client.post(path)  # followed twice: still one subscription
    assert Subscription.objects.count() == 1


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client, smtp_server,
                                                                         django_capture_on_commit_callbacks):
    known = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/en/alerts/", {"email": known.email, "frequency": "daily"})
        second = client.post("/en/alerts/", {"email": "stranger@example.kz", "frequency": "daily"})
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert known.email not in client.get(first["Location"]).content.decode()
    assert len(smtp_server.to(known.email)) == len(smtp_server.to("stranger@example.kz")) == 1
    link = confirmation_link(smtp_server.to(known.email)[0]).removeprefix("https://press.example.kz")
    client.post(link)  # confirming again sets the frequency; no second subscription
    known.refresh_from_db()
    assert known.frequency == "daily" and Subscription.objects.filter(email=known.email).count() == 1


def test_confirmation_mails_to_one_address_are_throttled_silently(client, smtp_server, settings,
                                                                 django_capture_on_commit_callbacks):
    settings.KZPRESS_ALERTS_CONFIRMATIONS_PER_DAY = 2
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/kk/alerts/", {"email": "victim@example.kz", "frequency": "immediate"})
                   for _ in range(5)]
    assert {a.status_code for a in answers} == {302}
    assert len(smtp_server) == 2
    assert smtp_server[0]["Content-Language"] == "kk"
    assert smtp_server[0]["Subject"] == "Хабарландыруға жазылуды растаңыз"


def test_subscriptions_from_one_network_are_limited_per_hour_and_told(client, smtp_server, settings,
                                                                      django_capture_on_commit_callbacks):
    """A script posting many addresses from one network would mail every one of them: past
    ``KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR`` the form says to try later (429), and mails nothing; another network
    is not held back, and an hour later the first one is not either."""
    settings.KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR = 3
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/ru/alerts/", {"email": f"person{n}@example.kz", "frequency": "immediate"},
                               REMOTE_ADDR="203.0.113.7") for n in range(5)]
        other = client.post("/ru/alerts/", {"email": "neighbour@example.kz", "frequency": "immediate"},
                            REMOTE_ADDR="198.51.100.2")
    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429] and other.status_code == 302
    assert len(smtp_server) == 4
    assert "Слишком много подписок из вашей сети за последний час" in answers[-1].content.decode()
    assert 'value="person4@example.kz"' in answers[-1].content.decode()  # what was typed stays in the form
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        later = client.post("/ru/alerts/", {"email": "person5@example.kz", "frequency": "immediate"},
                            REMOTE_ADDR="203.0.113.7")
    assert later.status_code == 302


def test_an_altered_or_expired_confirmation_link_confirms_nothing(client, smtp_server, settings):
    found = subscriptions.list_for("en")
    token = subscriptions.confirmation_token("a@example.kz", found, "immediate")
    assert client.post(f"/en/alerts/confirm/{token[:-2]}xx/").status_code == 400
    with time_machine.travel(timezone.now() + datetime.timedelta(days=settings.KZPRESS_ALERTS_CONFIRM_DAYS, hours=1)):
        response = client.post(f"/en/alerts/confirm/{token}/")
    assert response.status_code == 400 and "This link does not work" in response.content.decode()
    assert not Subscription.objects.exists()


def test_an_invalid_address_is_refused_on_the_form(client, smtp_server):
    response = client.post("/en/alerts/", {"email": "not an address", "frequency": "immediate"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert len(smtp_server) == 0


def test_alerts_are_off_without_the_site_address(client, settings):
    settings.KZPRESS_SITE_URL = ""
    assert client.get("/en/alerts/").status_code == 404
    assert "Get email alerts" not in client.get("/en/news/").content.decode()


# The link on the lists


def test_the_lists_link_to_alerts_for_their_filter(client, settings, make_article):
    settings.KZPRESS_SITE_URL = "https://press.example.kz"
    agency, region = AgencyFactory(), RegionFactory()
    published(make_article, agency=agency, region=region)
    assert f'href="/en/alerts/?agency={agency.slug}"' in client.get(f"/en/agencies/{agency.slug}/").content.decode()
    assert f'href="/kk/alerts/?region={region.slug}"' in client.get(f"/kk/regions/{region.slug}/").content.decode()
    page = client.get("/ru/news/", {"agency": agency.slug, "section": "Law", "q": "words"}).content.decode()
    assert f'href="/ru/alerts/?agency={agency.slug}&amp;section=Law"' in page
    subscribe = client.get("/ru/alerts/", {"agency": agency.slug, "section": "Law"}).content.decode()
    assert f"{agency.name_ru} · Право" in subscribe and 'name="section" value="Law"' in subscribe
    assert 'href="/en/alerts/"' in client.get("/en/news/").content.decode()
    assert client.get("/en/alerts/", {"agency": "no-such-agency"}).status_code == 404
    assert client.post("/en/alerts/", {"email": "a@example.kz", "frequency": "daily",
                                       "region": "no-such-region"}).status_code == 404


# Sending


def test_a_publication_of_five_releases_sends_one_message_per_subscriber(
        smtp_server, make_article, django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    both = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="en", agency=agency))
    SubscriptionFactory(email=both.email, subscriber_list=SubscriberListFactory(language="en"))
    other = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="en"))
    releases = [make_article(agency=agency, versions={"en": f"Release {n}"}) for n in range(5)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for article in releases:
            transition(article, "publish")
    assert sum(c.__name__ == "_queue_immediate" for c in callbacks) == 1  # one task for the whole batch
    assert len(smtp_server.to(both.email)) == 1 and len(smtp_server.to(other.email)) == 1
    message = smtp_server.to(both.email)[0]
    assert message["Subject"] == "5 new press releases"
    text = text_of(message)
    lines = text.splitlines()
    assert sorted(line for line in lines if line.startswith("Release ")) == [f"Release {n}" for n in range(5)]
    assert "The releases above are in this list too." in lines  # in both lists, listed once
    assert agency.name_en in text and "Press releases in English" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https://press\.example\.kz/en/alerts/unsubscribe/[^>]+/>", message["List-Unsubscribe"])
    assert re.search(rb"\r\nList-Unsubscribe: <https://press\.example\.kz/en/alerts/unsubscribe/\S+/>\r\n", message.raw)
    assert "Release 3" in html_of(message) and message["Content-Language"] == "en"
    assert Delivery.objects.filter(subscription__email=both.email).count() == 10
    assert sending.send_due() == 0  # nothing twice


def test_each_subscriber_reads_the_release_in_the_language_of_the_list(smtp_server, make_article,
                                                                      django_capture_on_commit_callbacks):
    kk = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="kk"))
    ru = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="ru"))
    en = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="en"))
    article = make_article(versions={"kk": "Жаңа шешім", "ru": "Новое решение"},
                           published_at=timezone.make_aware(datetime.datetime(2026, 2, 9, 23, 30)))
    with django_capture_on_commit_callbacks(execute=True):
        transition(article, "publish")
    kk_mail, ru_mail = smtp_server.to(kk.email)[0], smtp_server.to(ru.email)[0]
    assert kk_mail["Subject"] == "Баспасөз хабарламасы: Жаңа шешім" and kk_mail["Content-Language"] == "kk"
    assert "2026 жылғы 9 ақпан" in text_of(kk_mail) and article.agency.name_kk in text_of(kk_mail)
    assert ru_mail["Subject"] == "Пресс-релиз: Новое решение" and "9 февраля 2026" in text_of(ru_mail)
    assert f"https://press.example.kz/ru/news/{article.pk}/" in text_of(ru_mail)
    assert "Отписаться от этой рассылки" in text_of(ru_mail)
    assert not smtp_server.to(en.email)  # no English version: nothing in English


def test_drafts_scheduled_releases_before_their_time_and_withdrawn_ones_are_never_sent(
        smtp_server, make_article, django_capture_on_commit_callbacks):
    reader = SubscriptionFactory()
    make_article(versions={"en": "Draft"}, status=Status.DRAFT)
    make_article(versions={"en": "In review"}, status=Status.IN_REVIEW)
    later = make_article(versions={"en": "Scheduled"})
    withdrawn = published(make_article, versions={"en": "Withdrawn"})
    Article.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        transition(later, "schedule", publish_at=timezone.now() + datetime.timedelta(hours=2))
    assert sending.send_due() == 0 and len(smtp_server) == 0
    # At its time a scheduled release is public without any write: the periodic command mails it.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2, minutes=1)):
        out = io.StringIO()
        call_command("send_email_alerts", stdout=out)
    assert out.getvalue().strip() == "1 email alert message(s) sent."
    assert [m["Subject"] for m in smtp_server.to(reader.email)] == ["Press release: Scheduled"]


def test_a_change_to_a_live_text_is_not_sent_again_but_a_new_language_is(
        smtp_server, make_article, django_capture_on_commit_callbacks):
    reader = SubscriptionFactory()
    ru_reader = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="ru"))
    article = published(make_article, versions={"en": "First text"})
    assert sending.send_due() == 1  # the English reader only
    version = article.translations.get(language="en")
    version.title = "Corrected text"
    version.save()
    ArticleTranslation.objects.create(article=article, language="ru", title="Перевод", body="Текст.",
                                      status=ArticleTranslation.Status.APPROVED)
    from articles.editorial.publishing import go_live

    with django_capture_on_commit_callbacks(execute=True):
        go_live(article, None, action="update", system=True)
    assert [m["Subject"] for m in smtp_server.to(reader.email)] == ["Press release: First text"]
    assert [m["Subject"] for m in smtp_server.to(ru_reader.email)] == ["Пресс-релиз: Перевод"]


def test_releases_made_public_before_the_confirmation_are_not_sent(smtp_server, make_article):
    published(make_article, minutes_ago=120)
    SubscriptionFactory()
    assert sending.send_due() == 0 and len(smtp_server) == 0


def test_the_list_filters_by_agency_region_and_section(smtp_server, make_article):
    agency, region = AgencyFactory(), RegionFactory()
    narrow = SubscriptionFactory(subscriber_list=SubscriberListFactory(agency=agency, region=region, section="Law"))
    published(make_article, agency=agency, region=region, section="Право", versions={"en": "Matching"})
    published(make_article, agency=agency, region=region, section="Sport", versions={"en": "Other section"})
    published(make_article, agency=agency, versions={"en": "No region"})
    published(make_article, region=region, section="Law", versions={"en": "Other agency"})
    sending.send_due()
    assert [m["Subject"] for m in smtp_server.to(narrow.email)] == ["Press release: Matching"]


def test_the_daily_digest_goes_out_once_a_day_at_the_digest_hour(smtp_server, make_article, settings):
    settings.KZPRESS_ALERTS_DIGEST_HOUR = 8
    almaty = timezone.get_current_timezone()
    evening = datetime.datetime(2026, 3, 9, 18, 0, tzinfo=almaty)
    with time_machine.travel(evening, tick=False):
        reader = SubscriptionFactory(frequency="daily")
        instant = SubscriptionFactory(email=reader.email, frequency="immediate",
                                      subscriber_list=SubscriberListFactory(language="en", agency=AgencyFactory()))
        for n in range(3):
            published(make_article, minutes_ago=10 + n, versions={"en": f"Evening {n}"})
        assert sending.send_due() == 0  # the digest waits for the morning; the other list matches nothing
    with time_machine.travel(datetime.datetime(2026, 3, 10, 7, 59, tzinfo=almaty), tick=False):
        assert sending.send_due() == 0
    with time_machine.travel(datetime.datetime(2026, 3, 10, 8, 5, tzinfo=almaty), tick=False):
        published(make_article, minutes_ago=2, versions={"en": "Morning"})  # after the digest hour: tomorrow's
        assert sending.send_due() == 1
        assert sending.send_due() == 0
    [digest] = smtp_server.to(reader.email)
    assert digest["Subject"] == "Daily digest, 10 March 2026: 3 press releases"
    assert "Your daily digest of press releases" in text_of(digest) and "Morning" not in text_of(digest)
    assert all(f"Evening {n}" in text_of(digest) for n in range(3))
    assert not instant.deliveries.exists()
    with time_machine.travel(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=almaty), tick=False):
        assert sending.send_due() == 1
    latest = smtp_server.to(reader.email)[-1]
    assert latest["Subject"] == "Daily digest, 11 March 2026: 1 press release" and "Morning" in text_of(latest)


def test_the_digest_hour_is_almaty_time():
    almaty = timezone.get_current_timezone()
    moment = sending.digest_moment(datetime.datetime(2026, 3, 10, 1, 0, tzinfo=datetime.UTC))  # 06:00 in Almaty
    assert moment == datetime.datetime(2026, 3, 9, 8, 0, tzinfo=almaty)


def test_a_mail_server_error_sends_nothing_and_the_next_run_retries(smtp_server, make_article, settings):
    reader = SubscriptionFactory()
    published(make_article, versions={"en": "Retried"})
    working = settings.MAILERS
    settings.MAILERS = {"default": {**working["default"], "OPTIONS": {**working["default"]["OPTIONS"], "port": 9}}}
    with pytest.raises(OSError):
        sending.send_due()
    assert not Delivery.objects.exists()
    settings.MAILERS = working  # the discard port above: nothing listens there
    assert sending.send_due() == 1 and smtp_server.to(reader.email)


# Leaving


def test_one_click_unsubscribe_needs_no_csrf_token_and_no_login(smtp_server, make_article, settings):
    settings.KZPRESS_ALERTS_UNSUBSCRIBE_MAILTO = "unsubscribe@press.example.kz"
    reader = SubscriptionFactory()
    published(make_article, versions={"en": "Before"})
    sending.send_due()
    link, mailto = smtp_server[0]["List-Unsubscribe"].split(", ")
    assert mailto == "<mailto:unsubscribe@press.example.kz?subject=unsubscribe>"
    url = link.strip("<>").removeprefix("https://press.example.kz")
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200 and "<button" in page.content.decode()
    reader.refresh_from_db()
    assert reader.ended_at is None  # a GET (a link checker) unsubscribes nobody
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.ended_at is not None and reader.ended_reason == Subscription.Ended.ONE_CLICK
    published(make_article, versions={"en": "After"})
    assert sending.send_due() == 0 and len(smtp_server) == 1
    assert client.post(url[:-3] + "xx/").status_code == 400  # an altered token ends nothing


def test_the_manage_page_changes_the_frequency_and_unsubscribes(client, smtp_server, make_article):
    reader = SubscriptionFactory(subscriber_list=SubscriberListFactory(language="kk"))
    published(make_article, versions={"kk": "Бірінші"})
    sending.send_due()
    manage = next(link for link in links(smtp_server[0]) if "/alerts/manage/" in link)
    path = manage.removeprefix("https://press.example.kz")
    assert path == f"/kk/alerts/manage/{reader.token}/"
    assert "Сіздің жазылымыңыз" in client.get(path).content.decode()
    client.post(path, {"frequency": "daily"})
    reader.refresh_from_db()
    assert reader.frequency == "daily" and reader.ended_at is None
    client.post(path, {"unsubscribe": "1"})
    reader.refresh_from_db()
    assert reader.ended_reason == Subscription.Ended.UNSUBSCRIBED
    assert client.get("/kk/alerts/manage/not-a-token/").status_code == 404


def test_only_public_live_text_is_listed(smtp_server, make_article):
    """The working copy's new title is not what is mailed: the live text is."""
    reader = SubscriptionFactory()
    article = published(make_article, versions={"en": "Live title"})
    ArticleTranslation.objects.filter(article=article).update(title="Unapproved edit")
    sending.send_due()
    assert "Live title" in text_of(smtp_server.to(reader.email)[0])
    assert "Unapproved edit" not in text_of(smtp_server[0])
    assert LiveVersion.objects.get(article=article).title == "Live title"


# Admin


def test_the_admin_lists_subscriptions_and_lists_with_counts_read_only(admin_client):
    found = SubscriberListFactory(language="ru")
    SubscriptionFactory.create_batch(2, subscriber_list=found)
    SubscriptionFactory(subscriber_list=found, frequency="daily")
    SubscriptionFactory(subscriber_list=found, ended_at=timezone.now())
    page = admin_client.get("/admin/articles/subscriberlist/").content.decode()
    assert "Пресс-релизы на русском языке" in page and '<td class="field-active_count">3</td>' in page
    assert '<td class="field-daily_count">1</td>' in page
    assert admin_client.get("/admin/articles/subscription/").status_code == 200
    assert admin_client.get("/admin/articles/subscription/add/").status_code == 403


def test_a_release_withdrawn_between_collecting_and_sending_is_left_out(smtp_server, make_article):
    from django.core.mail import mailers

    reader = SubscriptionFactory()
    article = published(make_article, versions={"en": "Soon withdrawn"})
    [(key, groups)] = sending.collect_due("immediate", until=timezone.now()).items()
    Article.objects.filter(pk=article.pk).update(status=Status.WITHDRAWN)
    with mailers.default as connection:
        assert sending.send_batch(*key, groups, "immediate", connection) is False
    assert len(smtp_server) == 0 and not reader.deliveries.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its database connections, as in production
def test_a_real_db_worker_sends_the_immediate_alerts_a_minute_after_the_publication(smtp_server, settings,
                                                                                   make_article):
    """Queued in the database to run ``KZPRESS_ALERTS_BATCH_SECONDS`` later: the next publications join the batch."""
    from django_tasks_db.models import DBTaskResult

    from tests.test_admin import run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reader = SubscriptionFactory()
    first, second = (make_article(versions={"en": title}) for title in ("First", "Second"))
    transition(first, "publish")
    transition(second, "publish")
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # one per committed publication
    run_worker()
    assert len(smtp_server) == 0  # not due yet
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=settings.KZPRESS_ALERTS_BATCH_SECONDS + 1)):
        run_worker()
    [message] = smtp_server.to(reader.email)
    assert message["Subject"] == "2 new press releases"
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_a_proxy_whose_forwarded_address_is_not_read_does_not_share_one_allowance(client, smtp_server, settings):
    """Behind nginx without ``KZPRESS_PROXY_COUNT`` every reader comes from 127.0.0.1: not counted, or twenty
    readers an hour would hold back everyone else."""
    settings.KZPRESS_ALERTS_SUBSCRIBES_PER_HOUR = 1
    answers = [client.post("/en/alerts/", {"email": f"reader{n}@example.kz", "frequency": "daily"},
                           REMOTE_ADDR="127.0.0.1") for n in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 302]
