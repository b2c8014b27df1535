#!/bin/sh
# gen.sh: writes the benchmark dataset of bench/import.sh, deterministically
# (own MINSTD generator with a fixed seed, so mawk and gawk give the same bytes).
#
#   OUT/data/units.csv       1 tỉnh + 1,000 xã (parent: the tỉnh)
#   OUT/data/indicators.csv  50 indicators: 30 quantity, 20 rate
#   OUT/data/targets.csv     header only (the bench measures values)
#   OUT/data/values.csv      1,000 units x 50 indicators x 20 periods
#                            = 1,000,000 rows, in the format of docs/formats.md
#   OUT/sqlite-actual.csv    the same 1,000,000 rows shaped like ktxh's
#                            `actual` table (with `year`; status spelled out as
#                            ktxh stores it), for sqlite3's .import
#
# Usage: sh bench/gen.sh OUT        (progress on stderr)
set -eu
out=${1:?usage: sh bench/gen.sh OUTDIR}
mkdir -p "$out/data"

LC_ALL=C awk -v out="$out" '
function rnd(n) {			# 0 .. n-1; Park-Miller MINSTD, exact in doubles
	seed = (seed * 48271) % 2147483647
	return seed % n
}
function q(s) {				# CSV quoting of a field
	if (s ~ /[",\n\r]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
	return s
}
function dec(v, d,	 ip, fp) {	# v / 10^d in machine format, from integers only
	if (d == 0) return sprintf("%d", v)
	ip = int(v / (d == 1 ? 10 : 100)); fp = v - ip * (d == 1 ? 10 : 100)
	return sprintf(d == 1 ? "%d.%01d" : "%d.%02d", ip, fp)
}
BEGIN {
	seed = 20230101
	U = 1000; I = 50
	units = out "/data/units.csv"; inds = out "/data/indicators.csv"
	tgts = out "/data/targets.csv"; vals = out "/data/values.csv"
	sq = out "/sqlite-actual.csv"

	# 32 x 32 syllables: 1,024 distinct commune names.
	split("Nhơn Phú Tân An Bình Thạnh Long Mỹ Hòa Lộc Thới Vĩnh Khánh Đông Tây Nam " \
	    "Bắc Hưng Phước Thuận Xuân Hiệp Định Trung Quang Thành Lợi Hải Sơn Hà Kim Ngọc", A, " ")
	split("Hưng Sơn Thạnh Lợi Hòa Phú Bình An Mỹ Long Tân Lộc Điền Hải Xuân Thủy " \
	    "Châu Giang Phong Trạch Đức Tiến Thịnh Vinh Hiệp Nghĩa Tài Cường Lạc Thọ Khê Trà", B, " ")
	print "code,name,kind,parent" > units
	print "99,Thử Nghiệm,tỉnh," > units
	for (u = 0; u < U; u++) {
		ucode[u] = sprintf("%05d", 30001 + u)
		print ucode[u] "," A[1 + u % 32] " " B[1 + int(u / 32)] ",xã,99" > units
	}
	close(units)

	nq = split("Diện tích gieo trồng lúa|Sản lượng lương thực|Diện tích trồng rừng mới|" \
	    "Số hộ kinh doanh cá thể|Số lao động được giải quyết việc làm|Thu ngân sách trên địa bàn|" \
	    "Số hộ nghèo giảm trong năm|Chiều dài đường giao thông nông thôn được cứng hóa|" \
	    "Số cây xanh trồng mới|Số thanh niên nhập ngũ", QN, "|")
	split("ha|tấn|ha|hộ|lao động|triệu đồng|hộ|km|cây|người", QU, "|")
	nr = split("Tỷ lệ người dân tham gia bảo hiểm y tế|Tỷ lệ lao động qua đào tạo|" \
	    "Tỷ lệ hộ dân sử dụng nước sạch|Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng|" \
	    "Tỷ lệ huy động trẻ đến trường|Tỷ lệ hộ gia đình văn hóa|" \
	    "Tỷ lệ thu gom rác thải sinh hoạt", RN, "|")
	split("kinh-te van-hoa-xa-hoi quoc-phong-an-ninh noi-chinh", S, " ")
	print "code,name,sector,uom,kind" > inds
	for (i = 1; i <= I; i++) {
		icode[i] = sprintf("CT%02d", i)
		rate[i] = (i % 5 == 0 || i % 5 == 3)	# 20 of the 50
		if (rate[i])
			print icode[i] "," RN[1 + i % nr] " (nhóm " i "),"	\
			    S[1 + i % 4] ",%,rate" > inds
		else
			print icode[i] "," QN[1 + i % nq] " (nhóm " i "),"	\
			    S[1 + i % 4] "," QU[1 + i % nq] ",quantity" > inds
	}
	close(inds)
	print "unit,indicator,year,shape,value,value2,text,source,seq" > tgts
	close(tgts)

	P = 0
	for (m = 1; m <= 12; m++) { per[++P] = sprintf("2023-M%02d", m); pmon[P] = m }
	for (k = 1; k <= 4; k++) { per[++P] = "2023-Q" k; pmon[P] = 3 * k }
	per[++P] = "2023-H1"; pmon[P] = 6
	per[++P] = "2023-H2"; pmon[P] = 12
	per[++P] = "2023-9M"; pmon[P] = 9
	per[++P] = "2023"; pmon[P] = 12

	nn = split("Ước thực hiện, chờ số liệu chính thức|Số liệu của Chi cục Thống kê|" \
	    "Theo báo cáo \"nhanh\" của xã|Đã rà soát|Cộng dồn từ đầu năm|" \
	    "Chưa gồm số liệu thôn Bình An|Điều chỉnh theo kết quả phúc tra", N, "|")

	print "unit,indicator,period,value,numerator,denominator,status,as_of,note" > vals
	print "unit,indicator,period,year,value,numerator,denominator,status,as_of,note" > sq
	rows = 0
	for (u = 0; u < U; u++)
	for (i = 1; i <= I; i++)
	for (p = 1; p <= P; p++) {
		v = ""; nu = ""; de = ""
		if (rate[i] && rnd(10) < 6) {		# fraction, value left empty
			de = 1 + rnd(5000); nu = rnd(de + 1)
		} else if (rate[i])
			v = dec(rnd(10001), 2)		# 0.00 .. 100.00
		else {
			d = rnd(3)
			v = dec(rnd(d == 0 ? 100000 : 1000000), d)
		}
		r = rnd(10)
		st = r < 2 ? "estimate" : r < 5 ? "final" : ""
		asof = rnd(10) < 3 ? sprintf("2023-%02d-%02d", pmon[p], 1 + rnd(28)) : ""
		note = rnd(10) == 0 ? q(N[1 + rnd(nn)]) : ""
		print ucode[u] "," icode[i] "," per[p] "," v "," nu "," de "," st	\
		    "," asof "," note > vals
		print ucode[u] "," icode[i] "," per[p] ",2023," v "," nu "," de ","	\
		    (st == "" ? "final" : st) "," asof "," note > sq
		if (++rows % 100000 == 0)
			printf("gen.sh: %d / 1000000 rows\n", rows) > "/dev/stderr"
	}
	close(vals); close(sq)
}'
