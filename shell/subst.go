package shell

import (
	"gsh/jobs"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
)

// sigpipeErr unwinds an expansion whose context died of SIGPIPE.
type sigpipeErr struct{}

func (sigpipeErr) Error() string { return "broken pipe" }

// cmdSubst runs $(...) in a subshell copy on this goroutine, capturing its
// output in memory: builtins and functions cost no fork; only external
// commands inside are forked (through a pipe drained into the buffer).
func (sh *Shell) cmdSubst(cs *syntax.CmdSubst) (string, error) {
	sub := sh.syncSubshell()
	sub.cmdSubDepth = sh.cmdSubDepth + 1
	if !sh.opts[optInheritErrexit] {
		sub.opts[optErrexit] = false
	}
	sink := newSinkFile()
	sub.fds.set(1, sink)
	stmts := cs.Stmts
	// $(< file) is a fast form of $(cat file).
	if len(stmts) == 1 && isCatRedirect(stmts[0]) {
		sub.catRedirect(stmts[0])
	} else {
		func() {
			defer sub.recoverInternal()
			sub.runStmts(stmts)
		}()
		sub.finishContext()
	}
	sub.release()
	out := sink.sink.result()
	sh.status = sub.status
	sh.substStatus = sub.status
	if sub.sigpipe {
		sh.status = 141
	}
	if sub.ctl == builtins.CtlExit && sub.ctlN != 0 {
		sh.status = sub.ctlN
	}
	// Trailing newlines go; NUL bytes are dropped (bash warns).
	end := len(out)
	for end > 0 && out[end-1] == '\n' {
		end--
	}
	s := string(out[:end])
	if strings.IndexByte(s, 0) >= 0 {
		sh.errorf("warning: command substitution: ignored null byte in input")
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return s, nil
}

func isCatRedirect(st *syntax.Stmt) bool {
	if st.Cmd != nil || len(st.Redirs) != 1 || st.Negated || st.Background {
		return false
	}
	return st.Redirs[0].Op == syntax.RdrIn && st.Redirs[0].N == nil
}

// catRedirect implements $(< file).
func (sh *Shell) catRedirect(st *syntax.Stmt) {
	name, ok := sh.redirTarget(st.Redirs[0].Word)
	if !ok {
		sh.status = 1
		return
	}
	data, err := os.ReadFile(sh.abs(name))
	if err != nil {
		sh.errorf("%s: %s", name, errnoText(err))
		sh.status = 1
		return
	}
	sh.fds.get(1).Write(data)
	sh.status = 0
}

// procSubst runs <(cmd) or >(cmd) asynchronously and returns the
// /dev/fd path of the pipe end given to the command being built.
func (sh *Shell) procSubst(ps *syntax.ProcSubst) (string, error) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return "", &expErr{msg: "cannot make pipe for process substitution: " + errnoText(err), status: 1}
	}
	r := newOfile(os.NewFile(uintptr(p[0]), "procsubst-r"))
	w := newOfile(os.NewFile(uintptr(p[1]), "procsubst-w"))
	mine, theirs := r, w // <(cmd): we read, cmd writes
	theirFd := 1
	if ps.Op == syntax.CmdOut {
		mine, theirs, theirFd = w, r, 0
	}
	sub := sh.subshellCopy()
	sub.fds.set(theirFd, theirs)
	sub.async = true
	// Our end gets a descriptor number from 63 down, as bash does.
	n := 63
	for n > 10 && sh.fds.get(n) != nil {
		n--
	}
	sh.fds.set(n, mine)
	sh.procFds = append(sh.procFds, n)
	sh.lastBg = sub.startProcSubst(ps.Stmts)
	return "/dev/fd/" + strconv.Itoa(n), nil
}

// startProcSubst starts the command of a process substitution and
// returns the PID that $! then names (bash sets $! to it, so that
// `wait $!` waits for it). A single external command is forked; anything
// else runs on a goroutine with a stand-in process for its PID. The job
// is not listed by `jobs`.
func (sub *Shell) startProcSubst(stmts []*syntax.Stmt) int {
	j := sub.rt.jobs.New(stmtsText(stmts), false)
	sub.job, sub.gate = j, j.Gate
	// A single external command is forked directly; once its words are
	// expanded, a failure is finished by fail, never by expanding again.
	var fail func()
	if len(stmts) == 1 {
		var spec *jobs.Spec
		spec, fail = sub.directSpec(stmts[0])
		if spec != nil {
			p, err := sub.launch(spec)
			if err == nil {
				sub.release()
				return p.Pid
			}
			fail = func() { sub.status = sub.execFailed(spec.Argv, spec.Path, spec.Env, err) }
		}
	}
	standin := sub.startStandinFor(j, nil)
	sub.rt.jobs.SetInproc(j, true, 0)
	go func() {
		defer sub.timeGoroutine()() // its usage counts for `time`
		if fail != nil {
			sub.runSubshellFn(fail)
		} else {
			sub.runSubshell(stmts)
		}
		sub.rt.jobs.SetInproc(j, false, sub.status)
		if standin != nil {
			syscall.Kill(standin.Pid, syscall.SIGKILL)
		}
	}()
	if standin == nil {
		return 0
	}
	return standin.Pid
}

// closeProcFds closes the process substitution descriptors of the
// command that just finished.
func (sh *Shell) closeProcFds() {
	for _, n := range sh.procFds {
		sh.fds.set(n, nil)
	}
	sh.procFds = sh.procFds[:0]
}
