import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI shares two cores between PostgreSQL and several test workers; a cold
// worker's first render can take seconds, longer than the 1 s default.
configure({ asyncUtilTimeout: 4000 });
