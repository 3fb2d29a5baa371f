package arith

// scanSubscript finds the ']' that closes the '[' at s[i], as bash's
// skipsubscript does: brackets nest, and quotes, backslashes, $( ), ${ } and
// backquotes may hide a ']' (`let 'm["]"]=1'` uses the key "]"). It returns
// the index of the closing ']' or -1.
func scanSubscript(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case '\'', '"', '`':
			if i = skipQuoted(s, i); i < 0 {
				return -1
			}
		case '$':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '{') {
				if i = skipGroup(s, i+1); i < 0 {
					return -1
				}
			}
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				return i
			}
		}
		i++
	}
	return -1
}

// skipQuoted returns the index of the quote closing the one at s[i].
func skipQuoted(s string, i int) int {
	q := s[i]
	for i++; i < len(s); i++ {
		switch {
		case s[i] == q:
			return i
		case s[i] == '\\' && q != '\'':
			i++
		}
	}
	return -1
}

// skipGroup returns the index of the ')' or '}' closing the one at s[i].
func skipGroup(s string, i int) int {
	open := s[i]
	closer := byte(')')
	if open == '{' {
		closer = '}'
	}
	depth := 0
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			i++
		case '\'', '"', '`':
			if i = skipQuoted(s, i); i < 0 {
				return -1
			}
		case open:
			depth++
		case closer:
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}
