"""Rule-generated training pairs for the cross-encoder hit verifier.

Each rule rewrites one question (drawn from the *training* groups only) into a near copy that
asks something else (label 0: negation, antonym, number, entity, word-order and role swaps) or
the same thing in other words (label 1: paraphrase templates). QQP alone teaches topic, not
polarity or order: its non-duplicates are mostly different questions on the same topic, so a
model trained on it alone accepts "X but not Y" against "Y but not X". These rules supply the
contrast. They were written from the kinds named in issue 10, never from the adversarial test
sets (benchmarks/src/test/resources/adversarial-pairs*.tsv), which are not training data.
"""

import random
import re

AUX = ["is", "are", "was", "were", "can", "could", "should", "would", "will", "do", "does",
       "did", "has", "have", "must", "may", "might"]
CONTRACT = {"is": "isn't", "are": "aren't", "was": "wasn't", "were": "weren't", "can": "can't",
            "could": "couldn't", "should": "shouldn't", "would": "wouldn't", "will": "won't",
            "do": "don't", "does": "doesn't", "did": "didn't", "has": "hasn't", "have": "haven't",
            "must": "mustn't"}
UNCONTRACT = {v: k for k, v in CONTRACT.items()}
PRONOUNS = {"i", "you", "we", "they", "he", "she", "it", "one"}

# Antonyms, including pairs across parts of speech (an adjective against an adverb or a noun),
# so that a swap is not only the same word class.
ANTONYM_PAIRS = [
    ("good", "bad"), ("best", "worst"), ("better", "worse"), ("increase", "decrease"),
    ("enable", "disable"), ("fast", "slow"), ("quickly", "slowly"), ("quick", "slow"),
    ("easy", "hard"), ("easily", "with difficulty"), ("cheap", "expensive"), ("cheapest", "most expensive"),
    ("more", "less"), ("most", "least"), ("before", "after"), ("buy", "sell"), ("win", "lose"),
    ("start", "stop"), ("open", "close"), ("men", "women"), ("man", "woman"), ("boy", "girl"),
    ("male", "female"), ("old", "young"), ("older", "younger"), ("positive", "negative"),
    ("rich", "poor"), ("love", "hate"), ("pros", "cons"), ("advantages", "disadvantages"),
    ("high", "low"), ("higher", "lower"), ("large", "small"), ("big", "small"), ("bigger", "smaller"),
    ("long", "short"), ("longer", "shorter"), ("hot", "cold"), ("happy", "sad"), ("true", "false"),
    ("right", "wrong"), ("safe", "dangerous"), ("legal", "illegal"), ("possible", "impossible"),
    ("gain", "lose"), ("add", "remove"), ("import", "export"), ("upload", "download"),
    ("input", "output"), ("first", "last"), ("early", "late"), ("earlier", "later"),
    ("always", "never"), ("everyone", "no one"), ("success", "failure"), ("successful", "unsuccessful"),
    ("strong", "weak"), ("stronger", "weaker"), ("heavy", "lightweight"), ("healthy", "unhealthy"),
    ("agree", "disagree"), ("accept", "reject"), ("allow", "forbid"),
    ("inside", "outside"), ("above", "below"), ("top", "bottom"),
    ("north", "south"), ("east", "west"), ("day", "night"), ("morning", "evening"),
    ("summer", "winter"), ("friend", "enemy"), ("introvert", "extrovert"), ("teacher", "student"),
    ("employer", "employee"), ("buyer", "seller"), ("parent", "child"), ("husband", "wife"),
    ("boyfriend", "girlfriend"), ("send", "receive"), ("lend", "borrow"), ("push", "pull"),
    ("attack", "defend"), ("join", "leave"), ("arrive", "depart"), ("rise", "fall"),
    ("wet", "dry"), ("full", "empty"), ("online", "offline"), ("public", "private"),
    ("internal", "external"), ("maximum", "minimum"), ("maximize", "minimize"), ("include", "exclude"),
    ("encrypt", "decrypt"), ("install", "uninstall"), ("connect", "disconnect"), ("lock", "unlock"),
    ("with", "without"),
    ("quietly", "loudly"), ("quiet", "loud"), ("happily", "sadly"), ("safely", "dangerously"),
    ("correctly", "wrongly"), ("clean", "dirty"), ("sweet", "sour"),
]
# Cross part-of-speech partners: a word against its antonym's adverb or adjective form.
CROSS_POS = [("fast", "slowly"), ("quickly", "slow"), ("slowly", "fast"), ("slow", "quickly"),
             ("easy", "with difficulty"), ("easily", "hard"), ("hard", "easily"),
             ("good", "badly"), ("badly", "good"), ("safe", "dangerously"),
             ("safely", "dangerous"), ("quiet", "loudly"), ("loud", "quietly"), ("happy", "sadly"),
             ("cheap", "expensively"), ("cheaply", "expensive"), ("early", "lately"),
             ("correct", "wrongly"), ("correctly", "wrong"), ("success", "unsuccessfully"),
             ("healthy", "unhealthily"), ("legally", "illegal"), ("legal", "illegally")]
ANTONYMS = {}
for a, b in ANTONYM_PAIRS:
    ANTONYMS.setdefault(a, []).append(b)
    ANTONYMS.setdefault(b, []).append(a)
for a, b in CROSS_POS:
    ANTONYMS.setdefault(a, []).append(b)

NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "twelve", "twenty", "hundred", "thousand", "million"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "tenth", "last"]
UNITS = ["days", "weeks", "months", "years", "hours", "minutes", "dollars", "rupees", "kg",
         "pounds", "miles", "km", "GB", "MB", "percent", "people", "times"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

SYMMETRIC_JOINERS = {"and", "or", "vs", "vs.", "versus", "&"}
# Role patterns: swapping the two slots changes the question.
ROLE_PATTERNS = [
    r"\bfrom (\w+) to (\w+)\b",
    r"\bconvert (\w+) to (\w+)\b",
    r"\b(\w+) (?:better|worse|bigger|smaller|faster|slower|stronger|older|richer|safer) than (\w+)\b",
    r"\b(\w+) more than (\w+)\b",
    r"\b(\w+) (?:but|and) not (\w+)\b",
    r"\b(\w+) without (\w+)\b",
    r"\b(\w+) instead of (\w+)\b",
    r"\b(\w+) to (\w+) translation\b",
    r"\b(\w+) (?:kill|killed|beat|beats|defeat|defeated|marry|married|loves|hates|"
    r"replace|replaced|follows|attack|attacked|invade|invaded|sue|sued|"
    r"hired|called|teach|taught|chase|chased) (\w+)\b",
]
STOP = {"i", "a", "an", "the", "my", "to", "of", "is", "are", "do", "does", "how", "what", "why",
        "when", "where", "which", "who", "can", "it", "in", "on", "for", "be", "you", "me", "we",
        "should", "will", "would", "this", "that", "there", "get", "was", "were", "has", "have",
        "he", "she", "they", "his", "her", "their", "its", "your", "our", "them", "him", "us",
        "some", "any", "all", "and", "or", "not", "more", "than", "with", "without", "from", "at"}

HOW_TEMPLATES = ["How do I {x}?", "How can I {x}?", "What is the best way to {x}?",
                 "What's the best way to {x}?", "How should I {x}?", "How to {x}?",
                 "What is the way to {x}?", "In what way can I {x}?", "How would I {x}?",
                 "What are some ways to {x}?", "Can you tell me how to {x}?",
                 "I want to know how to {x}.", "What steps should I take to {x}?"]
HOW_PREFIX = re.compile(r"^(?:how (?:do|can|should|would|could) (?:i|one|you|we)|how to|what is the "
                        r"best way to|what's the best way to|what are (?:some|the) ways to) (.+?)\??$",
                        re.IGNORECASE)
WHAT_IS = re.compile(r"^what (?:is|are) (.+?)\??$", re.IGNORECASE)
WHAT_TEMPLATES = ["What is {x}?", "What's {x}?", "Can you explain {x}?", "Tell me what {x} is.",
                  "Could you tell me what {x} is?", "Explain {x}.", "I'd like to know what {x} is."]
SURFACE_PREFIXES = ["Hey, ", "Please tell me: ", "Quick question: ", "I wonder: ", "Can anyone say: ",
                    "Help me out: "]
CONTRACTIONS = [("what is", "what's"), ("do not", "don't"), ("it is", "it's"), ("can not", "can't"),
                ("cannot", "can't"), ("i am", "I'm"), ("does not", "doesn't"), ("is not", "isn't"),
                ("there is", "there's"), ("who is", "who's"), ("that is", "that's"),
                ("where is", "where's"), ("how is", "how's")]


def _words(text):
    return text.split()


def _replace_word(text, index, new):
    words = _words(text)
    core = re.match(r"^(\W*)(.*?)(\W*)$", words[index])
    words[index] = core.group(1) + new + core.group(3)
    return " ".join(words)


def _match_case(template, word):
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def negate(q, rng):
    words = _words(q)
    lowered = [re.sub(r"\W", "", w.lower()) for w in words]
    # Remove an existing negation first: "Why doesn't X" -> "Why does X".
    for i, w in enumerate(words):
        lw = w.lower().rstrip("?,.")
        if lw in UNCONTRACT:
            return _replace_word(q, i, _match_case(w, UNCONTRACT[lw]))
        if lw == "not" and i > 0:
            return " ".join(words[:i] + words[i + 1:])
        if lw in ("never", "no"):
            repl = {"never": "always", "no": "any"}[lw]
            return _replace_word(q, i, _match_case(w, repl))
    for i, w in enumerate(lowered):
        if w in AUX:
            if rng.random() < 0.5 and w in CONTRACT:
                return _replace_word(q, i, _match_case(words[i], CONTRACT[w]))
            # A question's auxiliary comes before its subject ("How do I swim?"): "not" goes after
            # a pronoun subject ("How do I not swim?"), else the auxiliary is contracted. In a
            # statement it goes after the auxiliary ("I can swim" -> "I can not swim").
            if i <= 1:
                if i + 2 < len(words) and lowered[i + 1] in PRONOUNS:
                    return " ".join(words[:i + 2] + ["not"] + words[i + 2:])
                if w in CONTRACT:
                    return _replace_word(q, i, _match_case(words[i], CONTRACT[w]))
                continue
            return " ".join(words[:i + 1] + ["not"] + words[i + 1:])
    m = HOW_PREFIX.match(q)
    if m:
        return rng.choice(["How do I avoid having to ", "How can I stop being able to "]) + m.group(1) + "?"
    return None


def antonym(q, rng):
    words = _words(q)
    spots = [i for i, w in enumerate(words) if re.sub(r"\W", "", w.lower()) in ANTONYMS]
    if not spots:
        return None
    i = rng.choice(spots)
    key = re.sub(r"\W", "", words[i].lower())
    return _replace_word(q, i, _match_case(words[i], rng.choice(ANTONYMS[key])))


def number(q, rng):
    words = _words(q)
    digits = [i for i, w in enumerate(words) if re.search(r"\d", w)]
    if digits:
        i = rng.choice(digits)
        core = re.sub(r"[^\d]", "", words[i])
        choice = rng.random()
        if choice < 0.3 and len(words) > 3:  # a number on one side only
            return " ".join(words[:i] + words[i + 1:])
        n = int(core[:9])
        new = str(rng.choice([n + 1, n * 10, max(0, n - 1), n + rng.randint(2, 20), n * 2]))
        if new == core:
            new = str(n + 3)
        return " ".join(words[:i] + [words[i].replace(core, new, 1)] + words[i + 1:])
    lowered = [re.sub(r"\W", "", w.lower()) for w in words]
    for pool in (NUMBER_WORDS, ORDINALS, [m.lower() for m in MONTHS]):
        spots = [i for i, w in enumerate(lowered) if w in pool]
        if spots:
            i = rng.choice(spots)
            other = rng.choice([p for p in pool if p != lowered[i]])
            return _replace_word(q, i, _match_case(words[i], other))
    # No number at all: add one on one side only ("in 3 days", "for 2 years").
    if len(words) > 3:
        stem = q.rstrip("?.! ")
        unit = rng.choice(UNITS)
        amount = rng.choice([str(rng.randint(2, 60)), rng.choice(NUMBER_WORDS[1:10])])
        phrase = rng.choice(["in {} {}", "for {} {}", "with {} {}", "under {} {}"]).format(amount, unit)
        return f"{stem} {phrase}?"
    return None


def capitalised_names(q):
    words = _words(q)
    return [i for i, w in enumerate(words) if i > 0 and re.match(r"^[A-Z][a-zA-Z]+\W*$", w)
            and w.rstrip("?,.!'s").lower() not in STOP and w.rstrip("?,.!") != "I"]


def entity(q, rng, name_pool):
    spots = capitalised_names(q)
    if not spots:
        return None
    words = _words(q)
    i = rng.choice(spots)
    current = re.sub(r"\W", "", words[i])
    other = rng.choice(name_pool)
    if other == current:
        return None
    return _replace_word(q, i, other)


def role_swap(q, rng, name_pool):
    patterns = ROLE_PATTERNS[:]
    rng.shuffle(patterns)
    for pattern in patterns:
        m = re.search(pattern, q, re.IGNORECASE)
        if m and m.group(1).lower() != m.group(2).lower() \
                and all(g.isalpha() and len(g) > 2 and g.lower() not in STOP for g in m.groups()):
            a, b = m.group(1), m.group(2)
            span = m.group(0)
            swapped = span[:m.start(1) - m.start(0)] + b + span[m.end(1) - m.start(0):m.start(2) - m.start(0)] \
                + a + span[m.end(2) - m.start(0):]
            return q[:m.start(0)] + swapped + q[m.end(0):]
    # Two names in one question, not joined symmetrically: swap them (who did what to whom).
    words = _words(q)

    def lone_name(k):  # a one-word name: neighbours are not capitalised
        return all(not (0 < n < len(words) and words[n][:1].isupper()) for n in (k - 1, k + 1)) \
            and re.sub(r"\W", "", words[k]) in name_pool
    spots = [k for k in capitalised_names(q) if lone_name(k)]
    if len(spots) >= 2:
        i, j = spots[0], spots[-1]
        between = {w.lower() for w in words[i + 1:j]}
        if 2 <= j - i <= 6 and not between & SYMMETRIC_JOINERS and "between" not in {w.lower() for w in words}:
            wi, wj = re.sub(r"\W", "", words[i]), re.sub(r"\W", "", words[j])
            if wi != wj:
                out = _replace_word(q, i, wj)
                return _replace_word(out, j, wi)
    return None


def symmetric_swap(q, rng):
    """Swaps the two sides of a symmetric 'A and B' / 'A vs B' question: the same question."""
    m = re.search(r"\b(?:between|compare) (\w+) (and|vs\.?|versus|or) (\w+)(?=\?|,|$)", q,
                  re.IGNORECASE)
    if not m:
        m = re.search(r"^(\w+) (vs\.?|versus) (\w+)(?=\?|,|$)", q, re.IGNORECASE)
    if not m or m.group(1).lower() == m.group(3).lower():
        return None
    a, joiner, b = m.group(1), m.group(2), m.group(3)
    start = m.start(1)
    return q[:start] + b + " " + joiner + " " + a + q[m.end(3):]


def paraphrase(q, rng):
    m = HOW_PREFIX.match(q.strip())
    if m:
        body = m.group(1)
        return rng.choice(HOW_TEMPLATES).format(x=body[0].lower() + body[1:] if not body[:2].isupper() else body)
    m = WHAT_IS.match(q.strip())
    if m and len(m.group(1).split()) <= 8:
        return rng.choice(WHAT_TEMPLATES).format(x=m.group(1))
    choice = rng.random()
    lowered = q.lower()
    for long, short in rng.sample(CONTRACTIONS, len(CONTRACTIONS)):
        if long in lowered and choice < 0.5:
            return re.sub(re.escape(long), short, q, count=1, flags=re.IGNORECASE)
        if short.lower() in lowered and choice < 0.5:
            return re.sub(re.escape(short), long, q, count=1, flags=re.IGNORECASE)
    if choice < 0.65:
        return rng.choice(SURFACE_PREFIXES) + q[0].lower() + q[1:]
    if choice < 0.8:
        return q.lower().rstrip("?")
    if choice < 0.9:
        words = _words(q)
        long_words = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
        if long_words:  # one typo
            i = rng.choice(long_words)
            w = words[i]
            k = rng.randrange(1, len(w) - 1)
            words[i] = w[:k] + w[k + 1:]
            return " ".join(words)
    return q.rstrip("?") + ", please?"


# A span of one to three words that is not a function word: the two sides of a directed relation.
_SPAN = r"(?<![\w'])((?:(?!(?:the|a|an|my|to|from|than|and|or|but|not|in|on|for|with|without|of|is|are)\b)[A-Za-z][\w.+#-]*)(?: (?!(?:to|from|than|and|or|but|not|in|on|for|with|without|of|is|are|\?)\b)[\w.+#-]+){0,2})(?![\w'])"
# The same with at most two words: clauses around "after" or "without" are seldom short nouns.
_SHORT = _SPAN.replace("{0,2}", "{0,1}")
# Directed relations, where swapping the two spans asks another question.
ORDER_PATTERNS = [
    r"\bfrom " + _SPAN + r" to " + _SPAN,
    r"\b(?:convert|converting|translate|translating|switch|switching|move|moving|migrate|"
    r"migrating|transfer|transferring|change|changing) " + _SPAN + r" (?:to|into) " + _SPAN,
    r"\b" + _SPAN + r" (?:better|worse|bigger|smaller|faster|slower|stronger|weaker|older|"
    r"richer|safer|cheaper|harder|easier|more popular|more expensive|healthier) than " + _SPAN,
    r"\b" + _SPAN + r" (?:but|and) not " + _SPAN,
    r"\b" + _SHORT + r" instead of " + _SHORT,
    r"\b" + _SHORT + r" without " + _SHORT,
    r"\b" + _SHORT + r" (?:after|before) " + _SHORT,
]
# Clause-initial prepositional phrases that can move without changing the question.
_MOVABLE = re.compile(r"^(?P<head>(?:How|What|Which|Why|Where|When|Who|Can|Is|Are|Should|Do|Does)\b.+?) "
                      r"(?P<pp>(?:in|on|for|with|using|during|at) [A-Z0-9][\w.+#-]*(?: [\w.+#-]+){0,2})"
                      r"\s*\?$")


def _swap_spans(q, m):
    a, b = m.group(1), m.group(2)
    if a.lower() == b.lower():
        return None
    return q[:m.start(1)] + b + q[m.end(1):m.start(2)] + a + q[m.end(2):]


def order_swap(q, rng):
    """Swaps the two sides of a directed relation (from A to B, A better than B, A but not B)."""
    patterns = ORDER_PATTERNS[:]
    rng.shuffle(patterns)
    for pattern in patterns:
        for m in re.finditer(pattern, q, re.IGNORECASE):
            if any(g.lower() in STOP for g in m.groups()):
                continue
            out = _swap_spans(q, m)
            if out:
                return out
    return None


def clause_move(q, rng):
    """A paraphrase by moving a trailing phrase to the front: 'How do I X in Python?' ->
    'In Python, how do I X?'. It keeps the question, so the model does not learn that every
    reordering is another question."""
    m = _MOVABLE.match(q.strip())
    if not m:
        return None
    head, pp = m.group("head"), m.group("pp")
    return pp[0].upper() + pp[1:] + ", " + head[0].lower() + head[1:] + "?"


NEGATIVE_RULES = ["negation", "antonym", "number", "entity", "role", "order"]


def generate(questions, rng, negatives_per_rule, paraphrases, symmetric, per_rule=None):
    """Returns (a, b, label, rule) tuples drawn from `questions` (training groups only).
    `per_rule` overrides `negatives_per_rule` for the named rules (e.g. {"order": 6000});
    "clause" counts clause-move paraphrases (default: a fifth of `paraphrases`)."""
    per_rule = per_rule or {}
    name_counts = {}
    for q in questions:
        for i in capitalised_names(q):
            w = re.sub(r"\W", "", _words(q)[i])
            name_counts[w] = name_counts.get(w, 0) + 1
    name_pool = sorted(w for w, c in name_counts.items() if c >= 3)
    out = []
    pool = list(questions)
    for rule in NEGATIVE_RULES:
        made, tries = 0, 0
        wanted = per_rule.get(rule, negatives_per_rule)
        rng.shuffle(pool)
        for q in pool:
            if made >= wanted:
                break
            tries += 1
            if rule == "negation":
                other = negate(q, rng)
            elif rule == "antonym":
                other = antonym(q, rng)
            elif rule == "number":
                other = number(q, rng)
            elif rule == "entity":
                other = entity(q, rng, name_pool)
            elif rule == "order":
                other = order_swap(q, rng)
            else:
                other = role_swap(q, rng, set(name_pool))
            if other and other.strip() and other.strip().lower() != q.strip().lower():
                out.append((q, other, 0, rule))
                made += 1
    # Rewrites that keep the question, each drawn from a freshly shuffled pool.
    for rule, rewrite, wanted in (("paraphrase", paraphrase, paraphrases),
                                  ("clause", clause_move, per_rule.get("clause", paraphrases // 5)),
                                  ("symmetric", symmetric_swap, symmetric)):
        rng.shuffle(pool)
        made = 0
        for q in pool:
            if made >= wanted:
                break
            other = rewrite(q, rng)
            if other and other.strip() != q.strip():
                out.append((q, other, 1, rule))
                made += 1
    return out
