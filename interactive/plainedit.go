package interactive

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// plainReader is the Editor of an interactive shell whose input is not a
// terminal (gsh -i < file): the prompt goes to stderr, and lines are read
// a byte at a time so that commands can read the rest of the input.
type plainReader struct {
	fd  int
	out *os.File
	eof bool
}

func (r *plainReader) ReadLine(p Prompt) (string, error) {
	r.out.WriteString(stripMarkers(p.Text))
	if r.eof {
		return "", io.EOF
	}
	var line []byte
	var b [1]byte
	for {
		n, err := unix.Read(r.fd, b[:])
		if err == unix.EINTR {
			continue
		}
		if n <= 0 {
			r.eof = true
			if len(line) > 0 {
				return string(line), nil
			}
			return "", io.EOF
		}
		if b[0] == '\n' {
			return string(line), nil
		}
		line = append(line, b[0])
	}
}

func (r *plainReader) Above(fn func())        { fn() }
func (r *plainReader) Configure(EditorConfig) {}
func (r *plainReader) WriteString(s string)   { r.out.WriteString(s) }
