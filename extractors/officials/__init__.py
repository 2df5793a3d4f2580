"""Officials: named people holding a post, and the moves that rotated them.

One record per person per article, at the first mention, once the person is
known to hold a post: a post around a name (`Bí thư Quận ủy Tây Hồ Lê Thị Thu
Hằng`, `đồng chí Tống Thị Quỳnh Hoa, Trưởng Ban tổ chức Thành ủy`) or a move
that gives one. Later mentions (`đồng chí Thân`, `ông Hải`, the full name again,
a bare `anh` in a biography) add to the same person.

A move is read from a marker of the new post (`giữ chức vụ`, `làm`, `về nhận
công tác tại`) and the verbs before it (`luân chuyển, chỉ định`, `được điều
động`): the person moved is the one named last before the marker (or the one
a decision told first concerns: `... giữ chức X đối với bà Y`). A rotation
verb makes it a rotation; an appointment verb only when the person comes from
another unit (`công chức Phòng ... huyện Nậm Pồ` -> `Chủ tịch UBND xã Pa Tần`),
an election never (`được bầu giữ chức`). No new post: one left (`thôi giữ
chức X`, though `... để giữ chức Y` takes Y), one held (`đang làm`, `từng giữ
chức`), a task (`Trưởng ban tổ chức hội thi`), a move told by someone of others
(`ông T công bố quyết định ...`) or made by them of others (`đã điều động lực lượng về
xã`). The new post is completed by the body the move names (`về xã T, giữ chức Bí thư
Đảng ủy` -> `Bí thư Đảng ủy xã T`), told again more fully, or taken from the person
replaced (`thay ông C`). Also: a person introduced as a rotated cadre (`Là cán bộ được
luân chuyển từ huyện về xã, Bí thư Đảng ủy xã ...`, `là một trong 36 cán bộ được luân
chuyển`, `..., hiện giữ chức X`), a person given as an example of people moved (`nhiều cán bộ được
luân chuyển, như đồng chí A, <post>, nay là X`), the people a decision naming its post is handed to
(`trao quyết định bổ nhiệm <post> cho ông A, <post>`), and two people swapping posts.

Lists: a decision's list of moves goes on across sentences and line breaks
(`Bà B - <post>, giữ chức ...` after `điều động, phân công: ông A, ...`, or after `7 nhân sự
khác được điều động, bổ nhiệm.`) until a sentence names someone not yet moved without telling a
move; names listed bare before one marker share it, and so do the `name - post;` items after a colon
(`các đồng chí: A - <post>; B - <post> được điều động ...`); the
members listed after a group's title hold it (`4 phó giám đốc ... gồm: ông A,
ông B`).

Names come from `extractors.names`, posts from `extractors.posts`; the words
of the language are data files in `extractors/data/official_*`. Each person's
biography (birth year, hometown, ...) is read by `extractors.biography` from the
mentions found here.

The package, one job a module: `language` (the move verbs and new-post markers read from
`data/official_*`, how far a move reaches, names folded), `people` (the article's people, their
mentions and aliases), `gates` (which sentences can matter at all, and where the name reading
needs underthesea's words), `mentions` (one sentence's names, aliases and pronouns), `lists`
(names and moves listed, a group's members), `moves` (the new-post markers of one sentence and
whose move each tells), `mergers` (the mergers and renamings the article states, which keep heads in
the successor body), `posts_moved` (the post left, the deciding body, the date) and `sentence`
(reading one sentence, and the moves told without a marker). Here `find_officials` walks the
article's sentences, reads those the gates let through, and writes each person once with their
biography.

Entry point: `find_officials(segmented) -> list[Found]` (spaCy component `rotation_officials`).
"""

from __future__ import annotations

from extractors.base import Extractor, Found
from extractors.biography import biographies
from extractors.officials.gates import _may_mention_people, word_windows
from extractors.officials.lists import _maybe_end_list, decision_told, group_moved
from extractors.officials.mentions import caption_post
from extractors.officials.people import Article, cut_short
from extractors.officials.sentence import read_sentence
from textmodel import SegmentedText


def find_officials(segmented: SegmentedText) -> list[Found]:
    art = Article(segmented)
    for s, e in segmented.sentences:
        caption, art.caption = art.caption, None
        if caption is not None and caption_post(art, caption, s, e):
            art.sentence_no += 1  # "Nguyễn Văn A" / "Phó Chủ tịch UBND huyện": the line is read whole
            continue
        if _may_mention_people(art, s, e):
            read_sentence(art, (s, e))
        else:
            art.sentence_no += 1  # sentence distance still counts for pronouns
            if art.text[e - 1] == ":" or (art.moved_in >= 0 and not art.list_broken) or art.decided_in >= 0 \
                    or group_moved(art.text, s, e) or decision_told(art.text, s, e):  # most sentences: none of these
                _maybe_end_list(art, s, e)
    people = list({id(p): p for p in art.people.values()}.values())  # once each: a short name may be an alias
    cut = {id(p) for p in cut_short(people)}  # "Trần Văn H" at a page's end is "Trần Văn Hải" again
    people = [p for p in people if id(p) not in cut]
    for person in people:
        person.settle_left_by_move()  # "điều động A thôi giữ chức X": the post A has elsewhere in the article
        person.settle_from_post()  # "... được điều động giữ chức Y. Trước khi được điều động, ông là X"
    # every person's mentions, kept or not: a birth year must not go to the wrong one
    bios = biographies(art.text, segmented.sentences, [p.sightings for p in people], [p.posts for p in people])
    return [Found("official", p.start, p.end, p.sentence, p.fields() | bio)
            for p, bio in zip(people, bios) if p.posts or p.rotated]


EXTRACTOR = Extractor("rotation_officials", "official", find_officials, word_windows=word_windows)
