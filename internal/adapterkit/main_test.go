package adapterkit

import (
	"testing"

	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
