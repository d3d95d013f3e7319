package stock

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func newTestStore(now *time.Time) *Store {
	return NewStore(func() time.Time { return *now })
}

func TestReserveAndCommit(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := newTestStore(&now)
	if _, err := s.Receive("SKU-1", "ams-1", 10, decimal.RequireFromString("2.50")); err != nil {
		t.Fatal(err)
	}
	r, err := s.Reserve("SKU-1", "ams-1", 4, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if item, _ := s.Get("SKU-1", "ams-1"); item.Available() != 6 {
		t.Fatalf("available = %d, want 6", item.Available())
	}
	if err := s.Commit(r.ID); err != nil {
		t.Fatal(err)
	}
	item, _ := s.Get("SKU-1", "ams-1")
	if item.OnHand != 6 || item.Reserved != 0 {
		t.Fatalf("on hand %d reserved %d, want 6 and 0", item.OnHand, item.Reserved)
	}
	if got := item.Value().String(); got != "15" {
		t.Fatalf("value = %s, want 15", got)
	}
}

func TestReserveRefusesMoreThanAvailable(t *testing.T) {
	now := time.Now()
	s := newTestStore(&now)
	_, _ = s.Receive("SKU-1", "ams-1", 2, decimal.NewFromInt(1))
	if _, err := s.Reserve("SKU-1", "ams-1", 3, time.Minute); !errors.Is(err, ErrInsufficientStock) {
		t.Fatalf("err = %v, want ErrInsufficientStock", err)
	}
}

func TestExpiredReservationsAreReleased(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := newTestStore(&now)
	_, _ = s.Receive("SKU-1", "ams-1", 5, decimal.NewFromInt(1))
	r, _ := s.Reserve("SKU-1", "ams-1", 5, time.Minute)
	now = now.Add(2 * time.Minute)
	if item, _ := s.Get("SKU-1", "ams-1"); item.Available() != 5 {
		t.Fatalf("available = %d, want 5", item.Available())
	}
	if err := s.Commit(r.ID); !errors.Is(err, ErrUnknownReservation) {
		t.Fatalf("err = %v, want ErrUnknownReservation", err)
	}
}

func TestRelease(t *testing.T) {
	now := time.Now()
	s := newTestStore(&now)
	_, _ = s.Receive("SKU-1", "ams-1", 3, decimal.NewFromInt(1))
	r, _ := s.Reserve("SKU-1", "ams-1", 3, time.Minute)
	if err := s.Release(r.ID); err != nil {
		t.Fatal(err)
	}
	if item, _ := s.Get("SKU-1", "ams-1"); item.Available() != 3 {
		t.Fatalf("available = %d, want 3", item.Available())
	}
}

func BenchmarkReserveRelease(b *testing.B) {
	now := time.Now()
	s := newTestStore(&now)
	_, _ = s.Receive("SKU-1", "ams-1", 1_000_000, decimal.NewFromInt(1))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := s.Reserve("SKU-1", "ams-1", 1, time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.Release(r.ID)
	}
}
