export { readResponseText, TooLargeError } from './readResponseText';
