// Package stock keeps the stock level of each SKU in each warehouse and the
// reservations taken against it.
package stock

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ErrInsufficientStock is returned when a reservation asks for more units
// than are available.
var ErrInsufficientStock = errors.New("insufficient stock")

// ErrUnknownReservation is returned when a reservation id is not held.
var ErrUnknownReservation = errors.New("unknown reservation")

// Item is the stock of one SKU in one warehouse.
type Item struct {
	SKU       string          `json:"sku"`
	Warehouse string          `json:"warehouse"`
	OnHand    int             `json:"onHand"`
	Reserved  int             `json:"reserved"`
	UnitCost  decimal.Decimal `json:"unitCost"`
}

// Available is what can still be reserved.
func (i Item) Available() int { return i.OnHand - i.Reserved }

// Value is the cost of the units on hand.
func (i Item) Value() decimal.Decimal {
	return i.UnitCost.Mul(decimal.NewFromInt(int64(i.OnHand)))
}

// Reservation holds units of one SKU for a checkout until it expires.
type Reservation struct {
	ID        uuid.UUID `json:"id"`
	SKU       string    `json:"sku"`
	Warehouse string    `json:"warehouse"`
	Quantity  int       `json:"quantity"`
	ExpiresAt time.Time `json:"expiresAt"`
}

type key struct{ sku, warehouse string }

// Store is an in-memory stock store, safe for concurrent use. Production
// keeps the same model in PostgreSQL.
type Store struct {
	mu           sync.Mutex
	items        map[key]*Item
	reservations map[uuid.UUID]Reservation
	now          func() time.Time
}

// NewStore returns an empty store.
func NewStore(now func() time.Time) *Store {
	return &Store{
		items:        map[key]*Item{},
		reservations: map[uuid.UUID]Reservation{},
		now:          now,
	}
}

// Receive adds units to the stock of a SKU, at the given unit cost.
func (s *Store) Receive(sku, warehouse string, quantity int, unitCost decimal.Decimal) (Item, error) {
	if quantity <= 0 {
		return Item{}, fmt.Errorf("quantity must be positive, got %d", quantity)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	item, ok := s.items[key{sku, warehouse}]
	if !ok {
		item = &Item{SKU: sku, Warehouse: warehouse, UnitCost: unitCost}
		s.items[key{sku, warehouse}] = item
	}
	// TODO: weighted average cost instead of last received cost (INV-212).
	item.UnitCost = unitCost
	item.OnHand += quantity
	return *item, nil
}

// Get returns the stock of a SKU in a warehouse.
func (s *Store) Get(sku, warehouse string) (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked()
	item, ok := s.items[key{sku, warehouse}]
	if !ok {
		return Item{}, false
	}
	return *item, true
}

// Reserve holds units for ttl, or fails with ErrInsufficientStock.
func (s *Store) Reserve(sku, warehouse string, quantity int, ttl time.Duration) (Reservation, error) {
	if quantity <= 0 {
		return Reservation{}, fmt.Errorf("quantity must be positive, got %d", quantity)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked()
	item, ok := s.items[key{sku, warehouse}]
	if !ok || item.Available() < quantity {
		return Reservation{}, ErrInsufficientStock
	}
	item.Reserved += quantity
	r := Reservation{
		ID:        uuid.New(),
		SKU:       sku,
		Warehouse: warehouse,
		Quantity:  quantity,
		ExpiresAt: s.now().Add(ttl),
	}
	s.reservations[r.ID] = r
	return r, nil
}

// Commit turns a reservation into a shipment: the units leave the stock.
func (s *Store) Commit(id uuid.UUID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked()
	r, ok := s.reservations[id]
	if !ok {
		return ErrUnknownReservation
	}
	item := s.items[key{r.SKU, r.Warehouse}]
	item.Reserved -= r.Quantity
	item.OnHand -= r.Quantity
	delete(s.reservations, id)
	return nil
}

// Release gives the units of a reservation back.
func (s *Store) Release(id uuid.UUID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reservations[id]
	if !ok {
		return ErrUnknownReservation
	}
	s.items[key{r.SKU, r.Warehouse}].Reserved -= r.Quantity
	delete(s.reservations, id)
	return nil
}

// expireLocked releases expired reservations; s.mu must be held.
func (s *Store) expireLocked() {
	now := s.now()
	for id, r := range s.reservations {
		if !now.Before(r.ExpiresAt) {
			s.items[key{r.SKU, r.Warehouse}].Reserved -= r.Quantity
			delete(s.reservations, id)
		}
	}
}
