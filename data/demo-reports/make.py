#!/usr/bin/env python3
"""make.py — regenerates the demo's 年报 files of 汝州市's agencies for 2025 (committed, so neither the
demo nor the tests need this script, LibreOffice or the corpus at run time).

Layouts come from real published reports:
  web text  the 2025 (and 2024) reports of 平潭综合实验区's departments as the archive stores their web
            pages (tests/fixtures/real/NNN.txt, MANIFEST.md there), with the agency's name, the site's
            address and — for a 2024 report — every year moved on by one; two of them (213, 219) carry
            the arithmetic errors their authors published (R1/R3/R4 and R2/R3), kept as they are;
  HTML      gongkai's own HTML of the 淮安市洪泽区 report (tests/fixtures/formats/hongze-2024.json)
            renamed and dated 2025;
  DOCX/PDF  that HTML through LibreOffice Writer (as tests/fixtures/formats/make.sh makes its fixtures).
received/  reports the demo loads as already received or published (embedded: data/**/*.txt);
upload/    ten reports a supervisor uploads in one batch (the e2e test does; one is titled without
           "汝州市" so that its agency must be confirmed).
Usage: data/demo-reports/make.py [path/to/gongkai]   (needs soffice for the DOCX and PDF)"""
import json, os, re, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
real = os.path.join(root, 'tests/fixtures/real')
binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, 'build/gongkai'))

def adapt(number, old, new, out, shift=0):
    """Copies real report NNN.txt, naming agency `new` (old: its name after 平潭综合实验区)."""
    text = open(os.path.join(real, f'{number}.txt'), encoding='utf-8').read()
    if shift:
        text = re.sub(r'(?<!\d)(20[12]\d)(?!\d)', lambda m: str(int(m.group(1)) + shift), text)
    text = text.replace('平潭综合实验区' + old, new).replace('平潭综合实验区', '汝州市').replace('平潭', '汝州')
    text = re.sub(r'https?://www\.pingtan\.gov\.cn[A-Za-z0-9/._%-]*', 'https://www.ruzhou.gov.cn/zwgk/nb/2025.htm', text)
    open(os.path.join(here, out), 'w', encoding='utf-8').write(text)

# already received or published when the demo starts
adapt(202, '财政金融局', '汝州市审计局', 'received/shenji.txt', shift=1)
adapt(217, '旅游与文化体育局', '汝州市文化广电和旅游局', 'received/wenlv.txt', shift=1)
adapt(237, '交通与建设局', '汝州市交通运输局', 'received/jiaotong.txt', shift=1)
adapt(227, '自然资源与生态环境局', '汝州市教育体育局', 'received/jiaoti.txt', shift=1)
adapt(221, '市场监督管理局', '汝州市卫生健康委员会', 'received/weijian.txt', shift=1)
# the batch to upload: web text
adapt(213, '经济发展局', '汝州市发展和改革委员会', 'upload/fagai.txt')
adapt(219, '农业农村局', '汝州市农业农村局', 'upload/nongye.txt')
adapt(206, '管委会办公室', '汝州市煤山街道办事处', 'upload/meishan.txt')
adapt(209, '投资促进局', '汝州市商务局', 'upload/shangwu.txt')
adapt(234, '君山片区管理局', '杨楼镇人民政府', 'upload/yanglou.txt')
adapt(242, '金井片区管理局', '汝州市临汝镇人民政府', 'upload/linru.txt')

# HTML, DOCX and PDF from the structured report
base = json.load(open(os.path.join(root, 'tests/fixtures/formats/hongze-2024.json'), encoding='utf-8'))
landscape = '<style>@page { size: 29.7cm 21cm; margin: 1.5cm }</style>'
with tempfile.TemporaryDirectory() as work:
    def html_of(agency, stem):
        d = json.loads(json.dumps(base))
        d['agency'], d['year'] = agency, 2025
        for key, value in list(d.get('sections', {}).items()):
            if isinstance(value, str):
                d['sections'][key] = value.replace('淮安市洪泽区人民政府', agency).replace('洪泽区', agency)
        src = os.path.join(work, stem + '.json')
        json.dump(d, open(src, 'w', encoding='utf-8'), ensure_ascii=False)
        html = subprocess.run([binary, 'report', 'render', '--format', 'html', src], check=True,
                              capture_output=True, text=True).stdout
        return html.replace('</head>', landscape + '</head>')
    open(os.path.join(here, 'upload/fengxuelu.html'), 'w', encoding='utf-8').write(
        html_of('汝州市风穴路街道办事处', 'fengxuelu'))
    open(os.path.join(here, 'upload/wenquan.html'), 'w', encoding='utf-8').write(
        html_of('汝州市温泉镇人民政府', 'wenquan'))
    for agency, stem, fmt in [('汝州市洗耳河街道办事处', 'xierhe', 'docx'), ('汝州市汝南街道办事处', 'runan', 'pdf')]:
        html = os.path.join(work, stem + '.html')
        open(html, 'w', encoding='utf-8').write(html_of(agency, stem))
        subprocess.run(['soffice', '--headless', '--convert-to', 'docx:MS Word 2007 XML', html], cwd=work,
                       check=True, capture_output=True)
        if fmt == 'pdf':
            subprocess.run(['soffice', '--headless', '--convert-to', 'pdf:writer_pdf_Export', stem + '.docx'],
                           cwd=work, check=True, capture_output=True)
        os.replace(os.path.join(work, f'{stem}.{fmt}'), os.path.join(here, f'upload/{stem}.{fmt}'))
