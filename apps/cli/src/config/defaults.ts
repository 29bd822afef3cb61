/** The symbol list used when neither flags, environment nor config.json name one. */
export const DEFAULT_SYMBOLS: readonly string[] = [
  'BTCUSDT',
  'ETHUSDT',
  'BNBUSDT',
  'ADAUSDT',
  'XRPUSDT',
  'SOLUSDT',
  'DOTUSDT',
  'DOGEUSDT',
  'AVAXUSDT',
  'LTCUSDT',
  'BCHUSDT',
  'LINKUSDT',
  'UNIUSDT',
  'ALGOUSDT',
  'VETUSDT',
];

/** Binance USD-M futures REST base URL. */
export const DEFAULT_FAPI_URL = 'https://fapi.binance.com';

/** Binance COIN-M futures REST base URL. */
export const DEFAULT_DAPI_URL = 'https://dapi.binance.com';

/** Binance public data archive base URL. */
export const DEFAULT_ARCHIVE_URL = 'https://data.binance.vision';

/** Data directory, relative to the working directory. */
export const DEFAULT_DATA_DIR = './data';

/** Data directory of `oi demo`, relative to the working directory. */
export const DEFAULT_DEMO_DATA_DIR = './data-demo';

/** The config file path, relative to the working directory. */
export const DEFAULT_CONFIG_PATH = 'config/config.json';

/** Log level when neither `--log-level` nor `LOG_LEVEL` is set. */
export const DEFAULT_LOG_LEVEL = 'info';

/** Address of `oi collect`'s metrics server: loopback, so the counters are not published by accident. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';
