import { ChangeDetectionStrategy, Component, forwardRef, inject, input, signal } from '@angular/core';
import { ControlValueAccessor, FormsModule, NG_VALUE_ACCESSOR } from '@angular/forms';
import type { RegionNode } from '@baoxue/contracts';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzCascaderModule, NzCascaderOption } from 'ng-zorro-antd/cascader';
import { RegionsApi } from '../api/regions.api';

function toOption(region: RegionNode): NzCascaderOption {
  return { value: region.id, label: region.name, isLeaf: region.childCount === 0 };
}

/**
 * Picks a region inside the user's scope, level by level (省 › 市 › 县 › 乡镇 › 村).
 * Its value is the chosen region's id; any level may be chosen.
 */
@Component({
  selector: 'bx-region-picker',
  imports: [FormsModule, NzCascaderModule, TranslocoPipe],
  template: `
    <nz-cascader
      [nzOptions]="options()"
      [ngModel]="path()"
      (ngModelChange)="onPathChange($event)"
      [nzLoadData]="loadChildren"
      [nzChangeOnSelect]="true"
      [nzDisabled]="disabled()"
      [nzAllowClear]="allowClear()"
      [nzSize]="size()"
      [nzPlaceHolder]="'regionPicker.placeholder' | transloco"
      [nzNotFoundContent]="'regionPicker.empty' | transloco"
      [nzStatus]="status()"
      [attr.id]="inputId()"
      (nzBlur)="onTouched()"
    />
  `,
  styles: `
    :host {
      display: block;
    }
    nz-cascader {
      width: 100%;
    }
  `,
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => RegionPicker), multi: true }],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegionPicker implements ControlValueAccessor {
  private readonly regions = inject(RegionsApi);

  readonly allowClear = input(false);
  readonly size = input<'default' | 'large'>('large');
  readonly status = input<'' | 'error'>('');
  readonly inputId = input<string | null>(null);

  protected readonly options = signal<NzCascaderOption[]>([]);
  protected readonly path = signal<string[]>([]);
  protected readonly disabled = signal(false);
  private rootsLoaded: Promise<NzCascaderOption[]> | null = null;
  private onChange: (value: string | null) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  protected readonly loadChildren = async (node: NzCascaderOption): Promise<void> => {
    const children = await this.regions.children(String(node.value));
    node.children = children.map(toOption);
    if (children.length === 0) node.isLeaf = true;
  };

  writeValue(value: string | null): void {
    void this.show(value);
  }

  registerOnChange(fn: (value: string | null) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  protected onPathChange(path: string[] | null): void {
    const ids = path ?? [];
    this.path.set(ids);
    this.onChange(ids.length ? ids[ids.length - 1] : null);
  }

  private roots(): Promise<NzCascaderOption[]> {
    this.rootsLoaded ??= this.regions.children().then((roots) => {
      const options = roots.map(toOption);
      this.options.set(options);
      return options;
    });
    return this.rootsLoaded;
  }

  /** Shows a region chosen earlier: opens the options along its chain from the scope root. */
  private async show(regionId: string | null): Promise<void> {
    const roots = await this.roots().catch(() => []);
    if (!regionId) {
      this.path.set([]);
      return;
    }
    const chain = await this.regions.chain(regionId).catch(() => []);
    const start = chain.findIndex((region) => roots.some((root) => root.value === region.id));
    if (start < 0) return;
    const ids = chain.slice(start).map((region) => region.id);
    let level = roots;
    for (const id of ids.slice(0, -1)) {
      const option = level.find((candidate) => candidate.value === id);
      if (!option) break;
      if (!option.children) await this.loadChildren(option);
      level = option.children ?? [];
    }
    this.options.set([...roots]);
    this.path.set(ids);
  }
}
