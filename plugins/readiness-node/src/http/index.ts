export {
  readResponseHead,
  readResponseText,
  TooLargeError,
} from './readResponseText';
