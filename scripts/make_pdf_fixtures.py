"""Build tests/fixtures/pdf/*.pdf: laid-out plans that exercise the PDF reader.

The real PDFs in corpus-extra have no task table; these fixtures have what real provincial
plans have and a text dump scrambles: a two-column header in a borderless table, an
unsigned copy ("Số:     /KH-UBND", "ngày     tháng 11 năm 2024"), justified paragraphs with
a first-line indent, a signature block beside "Nơi nhận", page numbers, and a landscape
appendix task table (ruled, header row repeated on every page, a row split by a page break).

Run once and commit the output (needs reportlab and the DejaVu fonts, neither of which the
package or the tests need): `.venv/bin/pip install reportlab && .venv/bin/python
scripts/make_pdf_fixtures.py`.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pdf"
FONTS = Path("/usr/share/fonts/truetype/dejavu")

pdfmetrics.registerFont(TTFont("Serif", str(FONTS / "DejaVuSerif.ttf")))
pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONTS / "DejaVuSerif-Bold.ttf")))

BODY = ParagraphStyle("body", fontName="Serif", fontSize=12, leading=16, alignment=TA_JUSTIFY,
                      firstLineIndent=1 * cm, spaceAfter=4)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Serif-Bold")
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER, firstLineIndent=0)
CENTER_BOLD = ParagraphStyle("center-bold", parent=CENTER, fontName="Serif-Bold")
HEADER = ParagraphStyle("header", parent=CENTER_BOLD, fontSize=11, leading=14)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=10, leading=12, firstLineIndent=0,
                       alignment=0, spaceAfter=0)
CELL = ParagraphStyle("cell", parent=SMALL, fontSize=10.5, leading=13)
CELL_BOLD = ParagraphStyle("cell-bold", parent=CELL, fontName="Serif-Bold")

TASKS = [
    ("I", "Trụ cột A: Cộng đồng gắn kết và mang lại lợi ích cho người dân", None, None, None),
    ("1", "Tổ chức tuyên truyền về Cộng đồng ASEAN trên báo chí, cổng thông tin điện tử và "
          "hệ thống thông tin cơ sở", "Sở Thông tin và Truyền thông",
     "Các sở, ban, ngành; Ủy ban nhân dân các huyện, thành phố", "Hằng năm"),
    ("2", "Lấy ý kiến người dân về chất lượng dịch vụ hành chính công", "Sở Nội vụ",
     "Văn phòng Ủy ban nhân dân tỉnh", "Quý IV/2025"),
    ("II", "Trụ cột B: Cộng đồng hòa nhập", None, None, None),
    ("3", "Hỗ trợ người khuyết tật học nghề và tìm kiếm việc làm tại địa phương",
     "Sở Lao động - Thương binh và Xã hội", "Hội Người khuyết tật tỉnh; Ủy ban nhân dân các huyện",
     "2024 - 2025"),
    ("4", "Nâng cao chất lượng giáo dục cho trẻ em người dân tộc thiểu số ở vùng sâu, vùng xa, "
          "bảo đảm đủ giáo viên và cơ sở vật chất cho các điểm trường", "Sở Giáo dục và Đào tạo",
     "Ban Dân tộc tỉnh", "Hằng năm"),
    ("III", "Trụ cột C: Cộng đồng bền vững", None, None, None),
    ("5", "Bảo tồn và phát huy giá trị di sản văn hóa vật thể và phi vật thể của các dân tộc "
          "trên địa bàn tỉnh", "Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các huyện",
     "2024 - 2025"),
    ("6", "Thu gom, phân loại và xử lý chất thải rắn sinh hoạt tại các khu dân cư nông thôn",
     "Sở Tài nguyên và Môi trường", "Sở Xây dựng; Ủy ban nhân dân các huyện, thành phố",
     "Quý III/2025"),
    ("IV", "Trụ cột D: Cộng đồng tự cường", None, None, None),
    ("7", "Diễn tập ứng phó thiên tai, sạt lở đất và lũ quét cho lực lượng xung kích cấp xã",
     "Bộ Chỉ huy Quân sự tỉnh", "Sở Nông nghiệp và Phát triển nông thôn", "Tháng 6/2025"),
    ("8", "Mở rộng bảo hiểm y tế và bảo hiểm xã hội tự nguyện cho lao động phi chính thức, "
          "chú trọng lao động nữ, lao động cao tuổi và người có thu nhập thấp ở khu vực nông "
          "thôn, bảo đảm lưới an sinh cho mọi người dân khi gặp rủi ro; kiểm tra, đôn đốc việc "
          "đóng bảo hiểm tại các doanh nghiệp và hợp tác xã; tổng hợp, báo cáo kết quả thực hiện "
          "hằng quý về Ủy ban nhân dân tỉnh",
     "Bảo hiểm xã hội tỉnh", "Sở Lao động - Thương binh và Xã hội; Sở Y tế", "Hằng quý"),
    ("V", "Trụ cột E: Cộng đồng năng động", None, None, None),
    ("9", "Tổ chức diễn đàn khởi nghiệp đổi mới sáng tạo cho thanh niên", "Tỉnh đoàn",
     "Sở Khoa học và Công nghệ", "Năm 2025"),
    ("10", "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã", "Sở Nội vụ",
     "Sở Thông tin và Truyền thông", "2024 - 2025"),
]


def _page_number(canvas, doc) -> None:
    if doc.page > 1:
        canvas.setFont("Serif", 11)
        width = canvas._pagesize[0]
        canvas.drawCentredString(width / 2, 0.8 * cm, str(doc.page))


def build_plan(path: Path) -> None:
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm,
                          topMargin=2 * cm, bottomMargin=2 * cm, title="Kế hoạch")
    portrait = Frame(3 * cm, 2 * cm, A4[0] - 5 * cm, A4[1] - 4 * cm, id="p")
    wide = landscape(A4)
    land = Frame(2 * cm, 1.5 * cm, wide[0] - 4 * cm, wide[1] - 3 * cm, id="l")
    doc.addPageTemplates([PageTemplate("portrait", [portrait], onPage=_page_number, pagesize=A4),
                          PageTemplate("landscape", [land], onPage=_page_number, pagesize=wide)])
    p = Paragraph
    header = Table([
        [p("ỦY BAN NHÂN DÂN<br/>TỈNH KON TUM", HEADER),
         p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/>Độc lập - Tự do - Hạnh phúc", HEADER)],
        [p("Số:          /KH-UBND", CENTER),
         p("Kon Tum, ngày        tháng 11 năm 2024", CENTER)],
    ], colWidths=[6 * cm, 10.5 * cm])
    story = [
        header, Spacer(1, 16),
        p("KẾ HOẠCH", CENTER_BOLD),
        p("Thực hiện các mục tiêu của Cộng đồng Văn hóa - Xã hội ASEAN năm 2025", CENTER_BOLD),
        Spacer(1, 10),
        p("Thực hiện Quyết định số 161/QĐ-TTg ngày 25 tháng 01 năm 2016 của Thủ tướng Chính phủ "
          "phê duyệt Đề án xây dựng và triển khai Kế hoạch thực hiện các mục tiêu của Cộng đồng "
          "Văn hóa - Xã hội ASEAN đến năm 2025, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện "
          "năm 2025 như sau:", BODY),
        p("I. MỤC ĐÍCH, YÊU CẦU", HEAD),
        p("Triển khai đồng bộ, hiệu quả các nhiệm vụ của tỉnh trong việc thực hiện các mục tiêu "
          "của Cộng đồng Văn hóa - Xã hội ASEAN, gắn với nhiệm vụ phát triển kinh tế - xã hội "
          "của địa phương.", BODY),
        p("II. NHIỆM VỤ", HEAD),
        p("1. Công tác thông tin, tuyên truyền", HEAD),
        p("- Đẩy mạnh công tác thông tin, tuyên truyền về Cộng đồng Văn hóa - Xã hội ASEAN cho "
          "cán bộ, công chức, viên chức và nhân dân trên địa bàn tỉnh bằng nhiều hình thức phù "
          "hợp với từng đối tượng.", BODY),
        p("- Biên soạn, phát hành tài liệu hỏi - đáp về Cộng đồng ASEAN bằng tiếng Việt và tiếng "
          "dân tộc thiểu số tại chỗ.", BODY),
        p("2. Các nhiệm vụ cụ thể của các cơ quan, đơn vị thực hiện theo Phụ lục kèm theo Kế "
          "hoạch này.", HEAD),
        p("III. TỔ CHỨC THỰC HIỆN", HEAD),
        p("1. Sở Văn hóa, Thể thao và Du lịch", HEAD),
        p("- Chủ trì, phối hợp với các sở, ngành, địa phương theo dõi, đôn đốc việc thực hiện "
          "Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 năm 2025.",
          BODY),
        p("2. Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố", HEAD),
        p("- Căn cứ chức năng, nhiệm vụ được giao, xây dựng kế hoạch chi tiết và tổ chức thực "
          "hiện có hiệu quả các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.", BODY),
        Spacer(1, 12),
        Table([[p("<b>Nơi nhận:</b><br/>- Bộ Văn hóa, Thể thao và Du lịch;<br/>- TT Tỉnh ủy, "
                  "TT HĐND tỉnh;<br/>- Các sở, ban, ngành;<br/>- UBND các huyện, thành phố;"
                  "<br/>- Lưu: VT, KGVX.", SMALL),
                p("<b>TM. ỦY BAN NHÂN DÂN<br/>KT. CHỦ TỊCH<br/>PHÓ CHỦ TỊCH</b><br/><br/><br/>"
                  "<br/><b>Y Ngọc</b>", CENTER)]],
              colWidths=[7.5 * cm, 8.5 * cm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        NextPageTemplate("landscape"), PageBreak(),
        p("Phụ lục", CENTER_BOLD),
        p("DANH MỤC NHIỆM VỤ THỰC HIỆN CÁC MỤC TIÊU CỘNG ĐỒNG VĂN HÓA - XÃ HỘI ASEAN NĂM 2025",
          CENTER_BOLD),
        p("(Kèm theo Kế hoạch của Ủy ban nhân dân tỉnh Kon Tum)", CENTER),
        Spacer(1, 8),
    ]
    rows = [[p(h, CELL_BOLD) for h in ("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                       "Thời gian thực hiện")]]
    style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for tt, task, lead, partners, when in TASKS:
        if lead is None:
            style.append(("SPAN", (1, len(rows)), (-1, len(rows))))
            rows.append([p(tt, CELL_BOLD), p(task, CELL_BOLD), "", "", ""])
        else:
            rows.append([p(tt, CELL), p(task, CELL), p(lead, CELL), p(partners, CELL), p(when, CELL)])
    story.append(LongTable(rows, colWidths=[1.2 * cm, 10.5 * cm, 5 * cm, 5.5 * cm, 3.4 * cm],
                           repeatRows=1, splitInRow=1, style=TableStyle(style)))
    doc.build(story)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    build_plan(OUT / "kh_task_table.pdf")
    print("wrote", OUT / "kh_task_table.pdf")
