package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"gsh/parser"
)

// openScript opens a script file named on the command line.
func openScript(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		var errno syscall.Errno
		if errors.As(err, &errno) {
			return nil, &scriptError{path, errno}
		}
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, &scriptError{path, syscall.EISDIR}
	}
	return f, nil
}

// scriptError is "name: No such file or directory" in strerror's words.
type scriptError struct {
	path  string
	errno syscall.Errno
}

func (e *scriptError) Error() string {
	msg := e.errno.Error()
	return e.path + ": " + strings.ToUpper(msg[:1]) + msg[1:]
}

func (e *scriptError) Is(target error) bool {
	return target == os.ErrNotExist && e.errno == syscall.ENOENT
}

// stdinLines reads the script from standard input without consuming more
// than the current line, because commands in the script share that input
// (`gsh < script` where the script runs `read`). A seekable input is read
// in blocks and the offset put back after each line; a pipe is read a
// byte at a time, as bash does.
func stdinLines() parser.LineReader {
	if _, err := unix.Seek(0, 0, io.SeekCurrent); err == nil {
		return &fdLines{buf: make([]byte, 8192)}
	}
	return &fdLines{buf: make([]byte, 1)}
}

// fdLines reads lines from fd 0 in reads of len(buf) bytes; a read past
// the newline is undone by seeking back, so buf longer than one byte
// needs a seekable input.
type fdLines struct{ buf []byte }

func (s *fdLines) ReadLine() ([]byte, error) {
	var line []byte
	for {
		n, err := unix.Read(0, s.buf)
		if err == syscall.EINTR {
			continue
		}
		if n <= 0 {
			if len(line) > 0 {
				return line, io.EOF
			}
			if err == nil {
				err = io.EOF
			}
			return nil, err
		}
		if i := bytes.IndexByte(s.buf[:n], '\n'); i >= 0 {
			line = append(line, s.buf[:i+1]...)
			if i+1 < n {
				unix.Seek(0, int64(i+1-n), io.SeekCurrent)
			}
			return line, nil
		}
		line = append(line, s.buf[:n]...)
	}
}
