-- bench/lib/apply-post.lua — the wrk script of the submission benchmarks (bench/apply.sh,
-- bench/postgresql.sh): POSTs one JSON 依申请公开 application per request to the URL wrk is given
-- (/api/v1/applications).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"agency_id":2,"applicant_type":"natural_person","name":"张三","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","email":"zhang@example.cn","description":"2025年钟楼街道老旧小区改造项目的立项批复文件","form":"electronic","delivery":"email","channel":"online"}'
-- many applicants, each from its own address (as behind the reverse proxy the server trusts here), so
-- the default per-address rate limit applies as in production without refusing the load
local n = 0
request = function()
	n = n + 1
	wrk.headers["X-Forwarded-For"] = string.format("127.%d.%d.%d", math.floor(n / 65536) % 256,
		math.floor(n / 256) % 256, n % 256)
	return wrk.format()
end
