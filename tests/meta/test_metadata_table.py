"""Table-driven: bylines and dates in the forms real sites use, many languages, known traps."""

from __future__ import annotations

from datetime import datetime

import pytest

from parsers.meta.dates import find_date
from parsers.meta.header import normalize_date
from parsers.meta.names import split_byline

FETCHED = datetime(2024, 6, 1, 12, 0)

# (byline as found after "By"/"Von"/... or in page metadata, persons, organisations)
BYLINES: list[tuple[str, list[str], list[str]]] = [
    ("Jane Roe", ["Jane Roe"], []),
    ("Jane Roe and John Doe", ["Jane Roe", "John Doe"], []),
    ("Jane Roe, John Doe and Ann Lee", ["Jane Roe", "John Doe", "Ann Lee"], []),
    ("Jane Roe & John Doe", ["Jane Roe", "John Doe"], []),
    ("Jane Roe; John Doe", ["Jane Roe", "John Doe"], []),
    ("Anna Berger und Jonas Weber", ["Anna Berger", "Jonas Weber"], []),
    ("Marie Dupont et Paul Martin", ["Marie Dupont", "Paul Martin"], []),
    ("Lucía Gómez y Pedro Ruiz", ["Lucía Gómez", "Pedro Ruiz"], []),
    ("Jan Kowalski i Anna Nowak", ["Jan Kowalski", "Anna Nowak"], []),
    ("Mario Rossi e Giulia Bianchi", ["Mario Rossi", "Giulia Bianchi"], []),
    ("Smith, John", ["John Smith"], []),
    ("SMITH, JOHN", ["John Smith"], []),
    ("JANE ROE", ["Jane Roe"], []),
    ("jane roe", ["Jane Roe"], []),
    ("Jane Roe, Staff Writer", ["Jane Roe"], []),
    ("Jane Roe, Senior Correspondent", ["Jane Roe"], []),
    ("Jane Roe, Associated Press", ["Jane Roe"], ["Associated Press"]),
    ("Jane Roe (Reuters)", ["Jane Roe"], ["Reuters"]),
    ("Reuters", [], ["Reuters"]),
    ("AFP", [], ["AFP"]),
    ("dpa", [], ["dpa"]),
    ("The Associated Press", [], ["The Associated Press"]),
    ("Editorial Board", [], ["Editorial Board"]),
    ("Staff", [], ["Staff"]),
    ("Jane Roe jane.roe@example.org", ["Jane Roe"], []),
    ("Jane Roe @janeroe", ["Jane Roe"], []),
    ("Jane Roe | Updated March 3, 2024", ["Jane Roe"], []),
    ("Jane Roe, 12:30 PM", ["Jane Roe"], []),
    ("Jane Roe 2024-03-03", ["Jane Roe"], []),
    ("Ludwig van Beethoven", ["Ludwig van Beethoven"], []),
    ("Jan de Vries", ["Jan de Vries"], []),
    ("JEAN DE LA FONTAINE", ["Jean de la Fontaine"], []),
    ("Anne-Marie O'Neil", ["Anne-Marie O'Neil"], []),
    ("BY R.J. QUILLER AND MAEVE O'DOWD", ["R.J. Quiller", "Maeve O'Dowd"], []),
    ("Par JEAN-LUC ÉTIENNE", ["Jean-Luc Étienne"], []),
    ("Die Morgenpost; Lena Vogt", ["Lena Vogt"], ["Die Morgenpost"]),
    ("El Heraldo, Ana María Ruiz", ["Ana María Ruiz"], ["El Heraldo"]),
    ("WDR Sport; Jonas Albers", ["Jonas Albers"], ["WDR Sport"]),
    ("Interview Julia Brandt", ["Julia Brandt"], []),
    ("Eingestellt von Karl Weiss", ["Karl Weiss"], []),
    ("jonas.albers", ["Jonas Albers"], []),
    ("TK", [], []),
    ("Peter Lindqvist/SP-X", ["Peter Lindqvist"], ["SP-X"]),
    ("Jane Roe / Reuters", ["Jane Roe"], ["Reuters"]),
    ("Kerstin Falk sagt:", [], []),
    ("facebook.com", [], []),
    ("Jane Roe, Redakteurin", ["Jane Roe"], []),
    ("Jane Roe am Sonntag", ["Jane Roe"], []),
    ("Name *", [], []),
    ("Super User", [], []),
    ("wordpressadmin", [], []),
    ("Redaktion Example Zeitung", [], ["Redaktion Example Zeitung"]),
    ("Deinen Hochzeitsbloggern", [], ["Deinen Hochzeitsbloggern"]),  # "Von Deinen …": a group
    ("Your Local Team", [], ["Your Local Team"]),
    ("Jack Ma", ["Jack Ma"], []),  # a short possessive elsewhere ("ma") is a surname
    ("Example Media GmbH", [], ["Example Media GmbH"]),
    ("Jane Roe, Bundesverband Beispiel", ["Jane Roe"], ["Bundesverband Beispiel"]),
    # credits for pictures name no author of the text; a description after the name is no name
    ("Text von Jane Roe Illustration von John Doe", ["Jane Roe"], []),
    ("Jane Roe, Fotos: John Doe", ["Jane Roe"], []),
    ("Jane Roe | Photos by John Doe", ["Jane Roe"], []),
    ("Text und Fotos: Jane Roe", ["Jane Roe"], []),
    ("Jane Roe, Projektleiterin der Stiftung in Tunis.", ["Jane Roe"], []),
    ("Jane Roe, senior fellow at the Example Institute", ["Jane Roe"], []),
    # registered societies and German compounds ending in an organisation word
    ("Beispiel-Stiftung e V", [], ["Beispiel-Stiftung e.V"]),
    ("Deutscher Musterverband e.V.", [], ["Deutscher Musterverband e.V"]),
    ("Jane Roe, Example.com", ["Jane Roe"], []),
    ("Jane Roe Erstellt am 3. Mai", ["Jane Roe"], []),
    ("Von Jonas Weber vom 3. Februar 2022", ["Jonas Weber"], []),  # "vom": the date's preposition
    ("Por Lucía Gómez 4 de mayo 2022 a las 09:01 hrs.", ["Lucía Gómez"], []),
    ("von Ulrike", ["Ulrike"], []),  # lower-case "von" is the label even before a single name
    ("Von Miller", ["Von Miller"], []),  # capitalised and alone: may be the surname
    # a sentence taken for a credit names no one
    ("Endlich wieder mehr Sonne tanken!", [], []),
]


@pytest.mark.parametrize(("byline", "people", "orgs"), BYLINES, ids=[b[0] for b in BYLINES])
def test_byline_table(byline: str, people: list[str], orgs: list[str]) -> None:
    assert split_byline(byline) == (people, orgs)


DATES: list[tuple[str, str | None]] = [
    ("February 28, 2019", "2019-02-28"),
    ("Feb 28, 2019", "2019-02-28"),
    ("Feb. 28, 2019", "2019-02-28"),
    ("28 February 2019", "2019-02-28"),
    ("28 Feb 2019", "2019-02-28"),
    ("Thursday, 28 February 2019", "2019-02-28"),
    ("28.02.2019", "2019-02-28"),
    ("28.02.19", "2019-02-28"),
    ("28. Februar 2019", "2019-02-28"),
    ("1. März 2019", "2019-03-01"),
    ("28 février 2019", "2019-02-28"),
    ("1er mars 2019", "2019-03-01"),
    ("28 de febrero de 2019", "2019-02-28"),
    ("28 lutego 2019", "2019-02-28"),
    ("28 febbraio 2019", "2019-02-28"),
    ("28 februari 2019", "2019-02-28"),
    ("28 de fevereiro de 2019", "2019-02-28"),
    ("2019-02-28", "2019-02-28"),
    ("2019-02-28T10:15:00Z", "2019-02-28T10:15:00+00:00"),
    ("2019-02-28T10:15:00+01:00", "2019-02-28T10:15:00+01:00"),
    ("2019-02-28 10:15", "2019-02-28T10:15:00"),
    ("February 28, 2019 at 4:05 pm", "2019-02-28T16:05:00"),
    ("28.02.2019, 19:08 Uhr", "2019-02-28T19:08:00"),
    ("02/28/2019", "2019-02-28"),
    ("28/02/2019", "2019-02-28"),
    ("Published: March 4, 2024", "2024-03-04"),
    ("Stand: 14.02.2024", "2024-02-14"),
    ("31 February 2019", None),
    ("March 1, 1950", None),
    ("no date here", None),
]


@pytest.mark.parametrize(("text", "iso"), DATES, ids=[d[0] for d in DATES])
def test_date_table(text: str, iso: str | None) -> None:
    found = find_date(text, FETCHED)
    assert (found.iso if found else None) == iso


METADATA_DATES: list[tuple[str, str | None]] = [
    ("2024-05-30", "2024-05-30"),
    ("2024-05-30T08:00:00+02:00", "2024-05-30T08:00:00+02:00"),
    ("2030-01-01", None),  # after the fetch time
    ("1985-01-01", None),  # before 1990
    ("yesterday", "2024-05-31"),
    ("3 hours ago", "2024-06-01"),
    ("vor 2 Tagen", "2024-05-30"),
    ("gestern", "2024-05-31"),
]


@pytest.mark.parametrize(("value", "iso"), METADATA_DATES, ids=[d[0] for d in METADATA_DATES])
def test_metadata_date_table(value: str, iso: str | None) -> None:
    assert normalize_date(value, FETCHED) == iso


def test_relative_dates_are_never_resolved_against_the_clock() -> None:
    assert normalize_date("yesterday", None) is None
