package shell

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"
)

// coproc runs a command in the background connected to the shell by two
// pipes: NAME[0] reads its output, NAME[1] writes its input, NAME_PID is
// its PID.
func (sh *Shell) coproc(c *syntax.CoprocClause) {
	name := "COPROC"
	if c.Name != nil {
		name = c.Name.Lit()
	}
	var in, out [2]int
	if err := unix.Pipe2(in[:], unix.O_CLOEXEC); err != nil {
		sh.errorf("coproc: %s", errnoText(err))
		sh.status = 1
		return
	}
	if err := unix.Pipe2(out[:], unix.O_CLOEXEC); err != nil {
		unix.Close(in[0])
		unix.Close(in[1])
		sh.errorf("coproc: %s", errnoText(err))
		sh.status = 1
		return
	}
	// The command reads in[0] and writes out[1]; the shell keeps out[0]
	// and in[1].
	child := sh.fds.clone()
	child.set(0, newOfile(os.NewFile(uintptr(in[0]), "coproc-in")))
	child.set(1, newOfile(os.NewFile(uintptr(out[1]), "coproc-out")))
	readFd, writeFd := 63, 62
	for readFd > 10 && sh.fds.get(readFd) != nil {
		readFd--
	}
	sh.fds.set(readFd, newOfile(os.NewFile(uintptr(out[0]), "coproc-r")))
	for writeFd > 10 && (sh.fds.get(writeFd) != nil || writeFd == readFd) {
		writeFd--
	}
	sh.fds.set(writeFd, newOfile(os.NewFile(uintptr(in[1]), "coproc-w")))
	saved := sh.fds
	sh.fds = child
	// Inside the coprocess, the shell's ends must not stay open.
	sh.fds.set(readFd, nil)
	sh.fds.set(writeFd, nil)
	sh.background(&syntax.Stmt{Cmd: c.Stmt.Cmd, Redirs: c.Stmt.Redirs, Background: true})
	sh.fds.release()
	sh.fds = saved
	sh.vars.Unset(name, true)
	sh.vars.SetIndex(name, 0, strconv.Itoa(readFd), false)
	sh.vars.SetIndex(name, 1, strconv.Itoa(writeFd), false)
	sh.vars.Set(name+"_PID", strconv.Itoa(sh.lastBg))
}
