# bench/lib/sql.sh (sourced) — SQL fragments the benchmarks share when they generate applications: the
# applicant type of column type_no (0–5) and the outcome of column outcome_no (0–20, every 2021 row of
# table 三), so every benchmark spreads its rows over the same cells.
APPLICANT_TYPE_SQL="CASE type_no WHEN 0 THEN 'natural_person' WHEN 1 THEN 'commercial' WHEN 2 THEN 'research'
		WHEN 3 THEN 'social_welfare' WHEN 4 THEN 'legal_service' ELSE 'other' END"
OUTCOME_SQL="CASE outcome_no
		WHEN 0 THEN 'granted' WHEN 1 THEN 'partial' WHEN 2 THEN 'denied_state_secret'
		WHEN 3 THEN 'denied_law_forbidden' WHEN 4 THEN 'denied_three_safety' WHEN 5 THEN 'denied_third_party'
		WHEN 6 THEN 'denied_internal_affairs' WHEN 7 THEN 'denied_process_info'
		WHEN 8 THEN 'denied_enforcement_file' WHEN 9 THEN 'denied_admin_query' WHEN 10 THEN 'unable_no_info'
		WHEN 11 THEN 'unable_needs_creation' WHEN 12 THEN 'unable_unclear' WHEN 13 THEN 'rejected_complaint'
		WHEN 14 THEN 'rejected_repeat' WHEN 15 THEN 'rejected_publication' WHEN 16 THEN 'rejected_mass'
		WHEN 17 THEN 'rejected_confirm' WHEN 18 THEN 'other_no_correction' WHEN 19 THEN 'other_no_fee'
		ELSE 'other_other' END"
