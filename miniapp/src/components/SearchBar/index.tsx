import { Input, View } from '@tarojs/components';
import './index.scss';

export const SEARCH_MAX_LENGTH = 50;

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Enter / 搜索 on the keyboard: search now, without waiting for the debounce. */
  onConfirm?: (value: string) => void;
  placeholder?: string;
}

export default function SearchBar({ value, onChange, onConfirm, placeholder = '搜索医院名称' }: Props) {
  return (
    <View className="search-bar" data-testid="search-bar">
      <View className="search-bar__box">
        <View className="search-bar__icon" aria-hidden />
        <Input
          className="search-bar__input"
          id="hospital-search"
          data-testid="search-input"
          type="text"
          confirmType="search"
          value={value}
          maxlength={SEARCH_MAX_LENGTH}
          placeholder={placeholder}
          placeholderClass="search-bar__placeholder"
          onInput={(e) => onChange(e.detail.value.slice(0, SEARCH_MAX_LENGTH))}
          onConfirm={(e) => onConfirm?.(e.detail.value.slice(0, SEARCH_MAX_LENGTH))}
        />
        {value !== '' && (
          <View
            className="search-bar__clear"
            data-testid="search-clear"
            aria-label="清除"
            role="button"
            onClick={() => {
              onChange('');
              onConfirm?.('');
            }}
          >
            <View className="search-bar__clear-dot">×</View>
          </View>
        )}
      </View>
    </View>
  );
}
