package interactive

import "strings"

// editorPrompt prepares an expanded prompt for the line editor, which
// draws a one-line prompt and measures it itself:
//
//   - head is every line but the last, printed before the editor starts
//     (the editor redraws its prompt on each key and cannot redraw lines
//     above the cursor);
//   - tail is the last line, with each \[...\] span (\001...\002 after
//     expansion) and each lone escape replaced by a zero-width placeholder;
//   - seqs holds what the placeholders stand for (see termOut).
func editorPrompt(s string) (head, tail string, seqs []string) {
	// Split at the last newline outside invisible spans.
	depth, cut := 0, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 1:
			depth++
		case 2:
			if depth > 0 {
				depth--
			}
		case '\n':
			if depth == 0 {
				cut = i
			}
		}
	}
	if cut >= 0 {
		head, s = stripMarkers(s[:cut+1]), s[cut+1:]
	}
	var b strings.Builder
	add := func(seq string) {
		if len(seqs) > placeholderMax-placeholderBase {
			b.WriteString(seq)
			return
		}
		b.WriteRune(rune(placeholderBase + len(seqs)))
		seqs = append(seqs, seq)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 1:
			end := strings.IndexByte(s[i+1:], 2)
			if end < 0 {
				add(strings.ReplaceAll(s[i+1:], "\x01", ""))
				i = len(s)
				continue
			}
			add(s[i+1 : i+1+end])
			i += end + 1
		case c == 2:
		case c == 0x1b:
			// Escape sequences are invisible; the editor would count all
			// but colour sequences as text (and panics on an escape that
			// ends the prompt).
			n := escapeLen(s[i:])
			add(s[i : i+n])
			i += n - 1
		default:
			b.WriteByte(c)
		}
	}
	return head, b.String(), seqs
}

// escapeLen is the length of the escape sequence at the start of s: CSI
// (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), or ESC and one
// character.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']':
		for i := 2; i < len(s); i++ {
			if s[i] == 7 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// stripMarkers removes the \[ \] markers from a prompt printed as it is.
func stripMarkers(s string) string {
	if strings.IndexByte(s, 1) < 0 && strings.IndexByte(s, 2) < 0 {
		return s
	}
	return strings.NewReplacer("\x01", "", "\x02", "").Replace(s)
}
