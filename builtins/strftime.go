package builtins

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"gsh/shell/vars"
)

// appendStrftime formats t as glibc's strftime does in the C locale,
// including the flags _ - 0 ^ #, field widths and the ignored E and O
// modifiers. Unknown conversions are copied as written.
func appendStrftime(b []byte, f string, t time.Time) []byte {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b = append(b, f[i])
			continue
		}
		start := i
		var pad byte // '_', '-', '0' or 0
		var upper, swap bool
		for i++; i < len(f); i++ {
			switch c := f[i]; c {
			case '_', '-', '0':
				pad = c
				continue
			case '^':
				upper = true
				continue
			case '#':
				swap = true
				continue
			}
			break
		}
		width := -1
		if i < len(f) && f[i] >= '1' && f[i] <= '9' {
			width = 0
			for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
				width = min(width*10+int(f[i]-'0'), 1<<20)
			}
		}
		if i < len(f) && (f[i] == 'E' || f[i] == 'O') {
			i++
		}
		if i >= len(f) {
			b = padField(b, f[start:], width, pad, false)
			break
		}
		var text string
		num, digits, numeric, zeroDefault := 0, 0, false, true
		switch c := f[i]; c {
		case 'a':
			text = t.Weekday().String()[:3]
			upper = upper || swap
		case 'A':
			text = t.Weekday().String()
			upper = upper || swap
		case 'b', 'h':
			text = t.Month().String()[:3]
			upper = upper || swap
		case 'B':
			text = t.Month().String()
			upper = upper || swap
		case 'p', 'P':
			text = "AM"
			if t.Hour() >= 12 {
				text = "PM"
			}
			if c == 'P' || swap {
				text, upper = strings.ToLower(text), false
			}
		case 'Z':
			text, _ = t.Zone()
			if swap {
				text, upper = strings.ToLower(text), false
			}
		case 'c', 'D', 'F', 'r', 'R', 'T', 'x', 'X':
			text = string(appendStrftime(nil, strftimeComposite[c], t))
		case 'n':
			text = "\n"
		case 't':
			text = "\t"
		case '%':
			text = "%"
		case 'z':
			_, off := t.Zone()
			sign := byte('+')
			if off < 0 {
				sign, off = '-', -off
			}
			off /= 60
			b = append(b, sign)
			b = appendTimeNumber(b, off/60*100+off%60, 4, pad, '0')
			continue
		case 'C':
			num, digits, numeric = floorDiv(t.Year(), 100), 1, true
		case 'd':
			num, digits, numeric = t.Day(), 2, true
		case 'e':
			num, digits, numeric, zeroDefault = t.Day(), 2, true, false
		case 'g':
			y, _ := t.ISOWeek()
			num, digits, numeric = (y%100+100)%100, 2, true
		case 'G':
			y, _ := t.ISOWeek()
			num, digits, numeric = y, 1, true
		case 'H':
			num, digits, numeric = t.Hour(), 2, true
		case 'I', 'l':
			num, digits, numeric, zeroDefault = (t.Hour()+11)%12+1, 2, true, c == 'I'
		case 'j':
			num, digits, numeric = t.YearDay(), 3, true
		case 'k':
			num, digits, numeric, zeroDefault = t.Hour(), 2, true, false
		case 'm':
			num, digits, numeric = int(t.Month()), 2, true
		case 'M':
			num, digits, numeric = t.Minute(), 2, true
		case 's':
			num, digits, numeric, zeroDefault = int(t.Unix()), 1, true, false
		case 'S':
			num, digits, numeric = t.Second(), 2, true
		case 'u':
			num, digits, numeric = (int(t.Weekday())+6)%7+1, 1, true
		case 'U':
			num, digits, numeric = (t.YearDay()-1+7-int(t.Weekday()))/7, 2, true
		case 'V':
			_, w := t.ISOWeek()
			num, digits, numeric = w, 2, true
		case 'w':
			num, digits, numeric = int(t.Weekday()), 1, true
		case 'W':
			num, digits, numeric = (t.YearDay()-1+7-(int(t.Weekday())+6)%7)/7, 2, true
		case 'y':
			num, digits, numeric = (t.Year()%100+100)%100, 2, true
		case 'Y':
			num, digits, numeric = t.Year(), 1, true
		default:
			b = padField(b, f[start:i+1], width, pad, false)
			continue
		}
		if numeric {
			def := byte('_')
			if zeroDefault {
				def = '0'
			}
			var nb [24]byte
			text = string(appendTimeNumber(nb[:0], num, digits, pad, def))
			b = padField(b, text, width, pad, zeroDefault)
			continue
		}
		if upper {
			text = strings.ToUpper(text)
		}
		b = padField(b, text, width, pad, false)
	}
	return b
}

// strftimeComposite spells the composite conversions in the C locale.
var strftimeComposite = map[byte]string{'c': "%a %b %e %H:%M:%S %Y", 'D': "%m/%d/%y",
	'F': "%Y-%m-%d", 'r': "%I:%M:%S %p", 'R': "%H:%M", 'T': "%H:%M:%S", 'x': "%m/%d/%y", 'X': "%H:%M:%S"}

// appendTimeNumber pads n to digits with the pad flag (or def when none);
// the - flag suppresses padding.
func appendTimeNumber(b []byte, n, digits int, pad, def byte) []byte {
	var nb [24]byte
	s := strconv.AppendInt(nb[:0], int64(n), 10)
	if pad == 0 {
		pad = def
	}
	if pad != '-' {
		c := byte('0')
		if pad == '_' {
			c = ' '
		}
		b = appendByteN(b, c, digits-len(s))
	}
	return append(b, s...)
}

// padField pads a conversion's text to the field width: with zeros for the
// 0 flag or a number that pads with zeros by default, else with spaces.
func padField(b []byte, text string, width int, pad byte, zeroDefault bool) []byte {
	c := byte(' ')
	if pad == '0' || pad == 0 && zeroDefault {
		c = '0'
	}
	b = appendByteN(b, c, width-len(text))
	return append(b, text...)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

var tzCache struct {
	sync.Mutex
	name string
	loc  *time.Location
}

// shellLocation is the time zone named by the shell's exported TZ
// variable, or the process's local zone when TZ is not exported.
func shellLocation(sh Shell) *time.Location {
	v := sh.Vars().Get("TZ")
	if v == nil || !v.IsSet() || !v.Has(vars.Export) {
		return time.Local
	}
	tz := v.Str()
	tzCache.Lock()
	defer tzCache.Unlock()
	if tzCache.loc != nil && tzCache.name == tz {
		return tzCache.loc
	}
	tzCache.name, tzCache.loc = tz, loadTZ(tz)
	return tzCache.loc
}

// loadTZ interprets a TZ value: a zoneinfo name (optionally after ':'), or
// a POSIX "STDoffset" rule (daylight saving rules are ignored); anything
// else is UTC, as in glibc.
func loadTZ(tz string) *time.Location {
	name := strings.TrimPrefix(tz, ":")
	if name == "" {
		return time.UTC
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	i := 0
	var abbr string
	if strings.HasPrefix(name, "<") {
		j := strings.IndexByte(name, '>')
		if j < 0 {
			return time.UTC
		}
		abbr, i = name[1:j], j+1
	} else {
		for i < len(name) && (name[i]|0x20 >= 'a' && name[i]|0x20 <= 'z') {
			i++
		}
		abbr = name[:i]
	}
	if len(abbr) < 3 || i >= len(name) {
		return time.UTC
	}
	sign := -1 // POSIX offsets are west of Greenwich
	switch name[i] {
	case '-':
		sign = 1
		i++
	case '+':
		i++
	}
	j := i
	for j < len(name) && (name[j] >= '0' && name[j] <= '9' || name[j] == ':') {
		j++
	}
	secs, unit := 0, 3600
	for _, part := range strings.SplitN(name[i:j], ":", 3) {
		n, err := strconv.Atoi(part)
		if err != nil {
			return time.UTC
		}
		secs += n * unit
		unit /= 60
	}
	return time.FixedZone(abbr, sign*secs)
}
