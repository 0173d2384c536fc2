"""Asynchronous board decisions: motions, polls, meeting polls, register and audit.

- `service`: `DecisionService`, the one entry point of the adapters (one unit of work per call)
- `rules`: quorum, the four majority rules, outcomes, poll and date results (pure)
- `deadlines`, `options`: deadlines, rules and answers as people type them
- `views`: the frozen results the service returns; `viewing`: how a vote is shown
- `results`: counting ballots at the close; `secrecy`: keyed hashes of secret ballots
- `statements`, `writer`: the SQL of a ballot, and SQLite's one-trip ballot writer
- `register`: resolution numbers and Markdown minutes; `audit`: the hash-chained log
- `outbox`: announcements and reminders, sent once; `messages`: French and English texts
"""
