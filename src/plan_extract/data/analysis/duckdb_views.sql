-- Views `plan-extract export --duckdb` creates over the tables (see data/frames.toml).
-- Each statement ends with a semicolon on its own line's end; comments are dropped.

-- Activities per pillar per province: where each province puts its effort.
CREATE VIEW pillar_by_province AS
SELECT d.province, a.pillar, count(*) AS activities, count(DISTINCT a.doc_id) AS documents
FROM activities a JOIN documents d USING (doc_id)
GROUP BY d.province, a.pillar
ORDER BY d.province NULLS LAST, a.pillar NULLS LAST;

-- Activities per pillar per document.
CREATE VIEW pillar_by_document AS
SELECT a.doc_id, d.doc_number, d.province, a.pillar, count(*) AS activities
FROM activities a JOIN documents d USING (doc_id)
GROUP BY a.doc_id, d.doc_number, d.province, a.pillar
ORDER BY a.doc_id, a.pillar NULLS LAST;

-- The references graph: one edge per citation, from the citing document to the cited one.
CREATE VIEW citation_edges AS
SELECT r.doc_id AS citing_doc_id, d.doc_number AS citing_number, d.province AS citing_province,
       r.cited_key, r.doc_type AS cited_type, r.doc_number AS cited_number,
       r.issue_date AS cited_date, r.issuer AS cited_issuer, r.cited_doc_id
FROM "references" r JOIN documents d USING (doc_id);

-- Documents cited most, by how many documents cite them.
CREATE VIEW most_cited AS
SELECT cited_key, any_value(cited_type) AS cited_type, count(DISTINCT citing_doc_id) AS citing_documents
FROM citation_edges
GROUP BY cited_key
ORDER BY citing_documents DESC, cited_key;

-- Agencies with the most tasks.
CREATE VIEW agency_tasks AS
SELECT agency, count(*) AS activities, count(DISTINCT doc_id) AS documents
FROM activities
WHERE agency IS NOT NULL
GROUP BY agency
ORDER BY activities DESC, agency;
