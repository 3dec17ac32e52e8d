"""Spanish for the complainant: their pages speak the language their browser asks for or the one
they chose by the link, their emails the language they filed in; staff pages stay English."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

from sqlalchemy import select

from qtrax_disputes.cases.models import Case
from qtrax_disputes.web.extensions import db
from tests.conftest import page_text

from .helpers import email_parts, file_complaint, filed_number_and_token

ES = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}
DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
         "septiembre", "octubre", "noviembre", "diciembre")


def dia(day) -> str:
    """A day as a Spanish reader says it, written out here, not by the code under test."""
    return f"{DIAS[day.weekday()]}, {day.day} de {MESES[day.month - 1]} de {day.year}"


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_the_complaint_form_speaks_spanish_to_a_browser_that_asks_for_it(client):
    response = client.get("/complaint", headers=ES)
    html = response.get_data(as_text=True)
    assert '<html lang="es">' in html
    assert "<title>Presentar un reclamo de privacidad · Qtrax Disputes</title>" in html
    text = page_text(response)
    assert "Su nombre completo" in text and "¿Sobre qué es el reclamo?" in text
    assert "Asociación Americana de Arbitraje (AAA)" in text  # the acknowledgement
    assert "Your full name" not in text
    # English stays the default for a browser that asks for neither.
    assert "Your full name" in page_text(client.get("/complaint",
                                                    headers={"Accept-Language": "fr"}))


def test_the_link_switches_the_language_and_it_is_remembered(client):
    assert "Your full name" in page_text(client.get("/complaint"))
    switched = page_text(client.get("/complaint?lang=es"))
    assert "Español" in switched and "English" in switched  # the switch itself, both ways
    assert "Su nombre completo" in switched
    # Remembered on the next page, against what the browser says.
    assert "Enviarme mis enlaces" in page_text(client.get("/case-links",
                                                          headers={"Accept-Language": "en"}))
    back = page_text(client.get("/complaint?lang=en", headers=ES))
    assert "Your full name" in back
    assert "Your full name" in page_text(client.get("/complaint", headers=ES))


def test_staff_pages_stay_english_whatever_the_browser_asks(client, auth):
    assert "Sign in" in page_text(client.get("/login", headers=ES))
    client.get("/complaint?lang=es")  # even after choosing Spanish on a public page
    auth.login("staff")
    html = client.get("/cases", headers=ES).get_data(as_text=True)
    assert '<html lang="en">' in html and "Sign out" in html
    assert "Español" not in html  # no language switch on staff pages
    assert "Your full name" in page_text(client.get("/complaint", headers=ES))


def test_the_status_page_in_spanish_says_the_stage_and_its_date_in_spanish(app, client):
    file_complaint(client, headers=ES)
    number, token = filed_number_and_token(client)
    with app.app_context():
        filed_on = db.session.scalars(select(Case.filed_on)
                                      .where(Case.number == number)).one()
    text = page_text(client.get(f"/status/{token}", headers=ES))
    assert f"Caso {number}" in text
    assert "Estado de su caso: Reclamo recibido" in text
    assert "Recibimos su reclamo y le asignamos un número de caso." in text
    assert f"Hasta ahora Reclamo recibido : {dia(filed_on)}" in text
    assert "Complaint received" not in text


def test_a_refused_complaint_in_spanish_says_what_to_fix_in_spanish(client):
    response = file_complaint(client, headers=ES, name="", email="not-an-address",
                              description="short", acknowledge="")
    assert response.status_code == 200
    text = page_text(response)
    assert "Corrija 4 campos" in text
    assert "Escriba su nombre." in text
    assert "Escriba un correo electrónico válido, como nombre@example.com." in text
    assert "Describa lo ocurrido en 20 a 20.000 caracteres." in text
    assert "Confirme que leyó cómo se tramitan las disputas." in text
    # next to its field, as in English
    html = response.get_data(as_text=True)
    assert re.search(r'id="name-error">\s*Escriba su nombre\.', html)


def test_a_complaint_filed_in_spanish_is_answered_in_spanish(app, client, runner,
                                                             smtp_server):
    file_complaint(client, headers=ES)
    number, token = filed_number_and_token(client)
    with app.app_context():
        assert db.session.scalars(select(Case.language)
                                  .where(Case.number == number)).one() == "es"
    runner.invoke(args=["outbox", "send"])
    (_, receipt), = smtp_server.messages
    assert subject_of(receipt) == f"Recibimos su reclamo {number}"
    text, html = email_parts(receipt)
    assert "Estimado/a Jane Roe:" in text
    assert f"Recibimos su reclamo. Su número de caso es {number}." in text
    assert f"/status/{token}" in text
    assert "Departamento Legal de Qtrax" in text
    assert '<html lang="es">' in html and "Seguir su caso" in html
    assert "We received your complaint" not in text + html


def test_later_emails_speak_the_language_the_case_was_filed_in(app, client, auth, runner,
                                                               smtp_server):
    file_complaint(client, headers=ES)
    number, _ = filed_number_and_token(client)
    auth.login("staff")  # staff write in English, on an English page
    client.post(f"/cases/{number}/messages", data={"message-body": "¿Nos envía los correos?"},
                content_type="multipart/form-data")
    auth.logout()
    client.post("/case-links", data={"email": "jane.roe@example.com"})  # an English page
    runner.invoke(args=["outbox", "send"])
    subjects = [subject_of(m) for _, m in smtp_server.messages]
    assert f"Caso {number}: un mensaje del Departamento Legal de Qtrax" in subjects
    assert "Los enlaces a sus casos" in subjects
    (_, update), = [(t, m) for t, m in smtp_server.messages
                    if subject_of(m).startswith(f"Caso {number}:")]
    text, _ = email_parts(update)
    assert "Léalo, y responda si lo desea, en la página de su caso." in text
    assert "Recibe estos avisos porque presentó el caso" in text


def test_a_complaint_filed_in_english_is_answered_in_english(app, client, runner, smtp_server):
    file_complaint(client, headers={"Accept-Language": "en-US"})
    number, _ = filed_number_and_token(client)
    runner.invoke(args=["outbox", "send"])
    (_, receipt), = smtp_server.messages
    assert subject_of(receipt) == f"Your complaint {number} was received"
