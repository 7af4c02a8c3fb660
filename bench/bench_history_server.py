"""The hospital's history at hospital scale: 1,000,000 records on a real PostgreSQL server
(pg_virtualenv's throw-away cluster, as the tests use), and the time to the first page of the
list and of a search, as a workstation asks for it (ServerStore.list, its 100 newest).

The records are made on the server (generate_series) with every column filled and the search
column as the program writes it (the synthetic names and identifiers are ASCII, where the
program's casefold is lower()); the printed text is shorter than a real summary's (about
600 bytes against about 12 KB) to keep the table to about 1.5 GB: the list and the search read
only the short columns and the indexes. A search without 3 letters or digits in a row is
refused on the server: the trigram index cannot serve it, and it read every row (1.5 s here
for two letters no record holds)."""

from __future__ import annotations

import time

import psycopg

from bench.common import Row, ms, per_call_seconds
from cc_dosecalc.history.server_store import ServerStore
from cc_dosecalc.history.server_url import ServerUrl
from tests.services import OWNER_PASSWORD, OWNER_ROLE, postgres_cluster

RECORDS = 1_000_000
GOAL_SECONDS = 0.200

_FILL = """
INSERT INTO cc_dosecalc.records (record_uuid, created_utc, created_local, how, patient_name, patient_identifier,
    inputs_json, plan_json, printed_text, review_json, formulary_kind, formulary_version, formulary_sha256,
    formulary_json, app_version, os_user, host, drugs, status, reprint_of, search_text)
SELECT gen_random_uuid(), t.utc, t.local, 'print', 'Patient ' || n, 'MRN ' || lpad(n::text, 7, '0'),
    '{}', '{}', repeat('summary text ', 46), '{}', 'built-in', f.version, repeat('ab', 32), '{}', '0.1.0',
    'nurse' || (n %% 500), 'ward-' || (n %% 300), d.drugs, 'Checked: ready for ordering', NULL,
    concat_ws(chr(31), 'patient ' || n, 'mrn ' || lpad(n::text, 7, '0'), d.drugs, t.local, t.utc, f.version, 'print')
FROM generate_series(1, %(count)s) AS n,
LATERAL (SELECT to_char(timestamp '2024-01-01' + n * interval '90 seconds', 'YYYY-MM-DD HH24:MI:SS') || ' UTC (UTC+0000)' AS local,
                to_char(timestamp '2024-01-01' + n * interval '90 seconds', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS utc) AS t,
LATERAL (SELECT (ARRAY['diltiazem', 'colchicine', 'diltiazem, colchicine', 'immune globulin (ivig)', 'sodium thiosulfate',
                       'warfarin', 'minocycline', 'probenecid'])[1 + n %% 8] AS drugs) AS d,
LATERAL (SELECT (ARRAY['2026.11.0', '2026.6.0', '2025.12.1'])[1 + (n / 400000)] AS version) AS f
"""

SEARCHES = (
    ("first page, no search", ""),
    ("search a name (one record)", "Patient 123457"),
    ("search an identifier (one record)", "MRN 0654321"),
    ("search a treatment (1 in 8 records)", "colchicine"),
    ("search a date (960 records)", "2025-06-01"),
    ("search a formulary version (the newest 200,000)", "2025.12.1"),
    ("search a name no record holds", "Nobody Atall"),
    ("search three letters no record holds", "qxz"),
)


def run() -> list[Row]:
    rows: list[Row] = []
    with postgres_cluster() as cluster:
        database = cluster.new_database()
        url = cluster.url(OWNER_ROLE, OWNER_PASSWORD, database)
        store = ServerStore.open(ServerUrl(url, "bench"), check_schema=False)
        store.init_schema()
        start = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(_FILL.encode(), {"count": RECORDS})
            connection.execute(b"VACUUM ANALYZE cc_dosecalc.records")
            size = connection.execute(b"SELECT pg_total_relation_size('cc_dosecalc.records')").fetchone()
        filled = time.perf_counter() - start
        assert size is not None
        for label, search in SEARCHES:
            page = store.list(search)
            seconds = per_call_seconds(lambda search=search: store.list(search), repeat=7, number=3)  # type: ignore[misc]
            rows.append(
                Row(
                    f"hospital history, {RECORDS:,} records: {label}, {len(page)} shown",
                    ms(seconds),
                    goal="< 200 ms",
                    met=seconds < GOAL_SECONDS,
                )
            )
        store.close()
    made = f"hospital history: make {RECORDS:,} records on the server, with their indexes ({int(size[0]) / 1e9:.1f} GB)"
    rows.append(Row(made, f"{filled:.0f} s"))
    return rows
