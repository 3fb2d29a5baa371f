package tests

import (
	"testing"
	"time"
)

// Keys typed ahead while the editor is up, Enter included, reach the next
// job as complete lines: the editor's raw mode keeps ICRNL, as bash's
// readline does, so an Enter queued before the job starts is "\n".
func TestPtyTypeaheadEnterReachesJob(t *testing.T) {
	p := startPty(t, nil)
	p.Prompt()
	p.Send("head -n1\rtyped ahead\r")
	p.ExpectWithin(`typed ahead\r?\n(.|\n)*\$ `, 10*time.Second)
	out := p.Run("echo done $?")
	if out != "done 0\n" {
		t.Errorf("after the job: %q", out)
	}
}
